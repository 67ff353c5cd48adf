package dev.listkit.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pool manifests: read in id order, cut into the engine's shards, bad lines and duplicates named. */
class EngineJobsTest {
    @TempDir
    Path tmp;

    @Test
    void poolIsSortedAndCutLikeTheLocalEngine() throws Exception {
        Path pool = Files.writeString(tmp.resolve("pool.jsonl"), String.join("\n",
                "{\"id\":\"b:2\",\"source\":\"b\",\"media\":\"b/2.wav\",\"metadata\":{\"tag\":\"x\"},\"failure\":null}",
                "{\"id\":\"a:1\",\"source\":\"a\",\"media\":\"a/1.wav\",\"metadata\":{},\"failure\":null}",
                "",
                "{\"id\":\"c:3\",\"source\":\"c\",\"media\":\"c/3.wav\",\"metadata\":{},\"failure\":\"cannot read\"}",
                "{\"id\":\"a:0\",\"source\":\"a\",\"media\":\"a/0.wav\"}") + "\n");
        List<PoolEntry> entries = EngineJobs.readPool(pool);
        assertEquals(List.of("a:0", "a:1", "b:2", "c:3"), entries.stream().map(PoolEntry::id).toList());
        assertEquals("x", entries.get(2).metadata().get("tag"));
        List<List<PoolEntry>> shards = EngineJobs.shards(entries, 3);
        assertEquals(List.of(3, 1), shards.stream().map(List::size).toList());
        assertEquals("c:3", shards.get(1).get(0).id());
        assertEquals(tmp.resolve("out/shards/shard-00001.jsonl"), DataEngine.shardFile(tmp.resolve("out"), 1));
    }

    @Test
    void duplicatesUnknownKeysAndMissingFilesAreNamed() throws Exception {
        Path dup = Files.writeString(tmp.resolve("dup.jsonl"),
                "{\"id\":\"a:1\",\"source\":\"a\",\"media\":\"x\"}\n{\"id\":\"a:1\",\"source\":\"a\",\"media\":\"y\"}\n");
        ListkitException e = assertThrows(ListkitException.class, () -> EngineJobs.readPool(dup));
        assertTrue(e.getMessage().contains("duplicate sample id 'a:1'"), e.getMessage());
        Path typo = Files.writeString(tmp.resolve("typo.jsonl"), "{\"id\":\"a:1\",\"source\":\"a\",\"medium\":\"x\"}\n");
        e = assertThrows(ConfigException.class, () -> EngineJobs.readPool(typo));
        assertTrue(e.getMessage().contains("typo.jsonl:1") && e.getMessage().contains("medium"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> EngineJobs.readPool(tmp.resolve("none.jsonl")));
        assertTrue(e.getMessage().contains("no such pool manifest"), e.getMessage());
    }

    @Test
    void roundSeedFollowsTheSelfTrainingLoop() {
        assertEquals(5L * 7919 + 2, EngineJob.roundSeed(5, 2));
    }
}
