package dev.listkit.core.train.coca;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.listkit.core.train.StepContext;
import dev.listkit.core.train.StepFunction;
import dev.listkit.core.train.StepLoss;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The paired / synthetic batch schedule: an even spread of the share, dense local steps per source. */
class AlternatingStepFunctionTest {
    /** Records "p<local>" or "s<local>" per call. */
    private static StepFunction recorder(String name, List<String> calls) {
        return ctx -> {
            calls.add(name + ctx.step());
            return null;
        };
    }

    private static List<String> schedule(AlternatingStepFunction f, List<String> calls, int steps) throws Exception {
        for (int t = 0; t < steps; t++) {
            StepLoss unused = f.compute(new StepContext(t, 0, 1, 7, null, null));
        }
        return calls;
    }

    @Test
    void everyNthAndShareAgree() throws Exception {
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        schedule(new AlternatingStepFunction(recorder("p", a), recorder("s", a), 3), a, 9);
        schedule(new AlternatingStepFunction(recorder("p", b), recorder("s", b), 1.0 / 3), b, 9);
        assertEquals(List.of("p0", "p1", "s0", "p2", "p3", "s1", "p4", "p5", "s2"), a);
        assertEquals(a, b);
    }

    @Test
    void aShareSpreadsSyntheticBatchesEvenly() throws Exception {
        List<String> c = new ArrayList<>();
        schedule(new AlternatingStepFunction(recorder("p", c), recorder("s", c), 0.25), c, 8);
        assertEquals(List.of("p0", "p1", "p2", "s0", "p3", "p4", "p5", "s1"), c);
        List<String> d = new ArrayList<>();
        schedule(new AlternatingStepFunction(recorder("p", d), recorder("s", d), 0.75), d, 4);
        assertEquals(List.of("p0", "s0", "s1", "s2"), d);
        List<String> all = new ArrayList<>();
        schedule(new AlternatingStepFunction(recorder("p", all), recorder("s", all), 1.0), all, 3);
        assertEquals(List.of("s0", "s1", "s2"), all);
        assertThrows(IllegalArgumentException.class,
                () -> new AlternatingStepFunction(recorder("p", c), recorder("s", c), 0.0));
    }
}
