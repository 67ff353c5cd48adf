package dev.listkit.datasets.split;

import dev.listkit.core.data.SampleRef;
import java.util.List;

/**
 * A three-way split; the parts are disjoint by sample id and keep the input order.
 *
 * @param train training samples
 * @param val   validation samples
 * @param test  test samples
 */
public record TrainValTest(List<SampleRef> train, List<SampleRef> val, List<SampleRef> test) {
    public TrainValTest {
        train = List.copyOf(train);
        val = List.copyOf(val);
        test = List.copyOf(test);
    }
}
