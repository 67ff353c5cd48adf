package dev.listkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Local masters get task retries (Spark's local mode has none by default); other masters are kept. */
class MasterRetriesTest {
    @Test
    void localMastersRetryTasksAndOthersAreUnchanged() {
        assertEquals("local[2,4]", SparkEngineRunner.withRetries("local[2]"));
        assertEquals("local[*,4]", SparkEngineRunner.withRetries("local[*]"));
        assertEquals("local[1,4]", SparkEngineRunner.withRetries("local"));
        assertEquals("local[2,3]", SparkEngineRunner.withRetries("local[2,3]"));
        assertEquals("spark://head:7077", SparkEngineRunner.withRetries("spark://head:7077"));
        assertEquals("yarn", SparkEngineRunner.withRetries("yarn"));
    }
}
