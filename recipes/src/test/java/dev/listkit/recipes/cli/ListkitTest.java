package dev.listkit.recipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ListkitTest {
    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        // shared by the command tests of this package
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = new Listkit().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void noArgumentsIsAUsageError() {
        Result r = run();
        assertEquals(Listkit.USAGE, r.status());
        assertTrue(r.err().contains("features"), r.err());
    }

    @Test
    void unknownCommandIsAUsageErrorListingCommands() {
        Result r = run("frobnicate");
        assertEquals(Listkit.USAGE, r.status());
        assertTrue(r.err().contains("unknown command 'frobnicate'") && r.err().contains("modalities"), r.err());
    }

    @Test
    void everyCommandHasHelpEvenWithRequiredOptions() {
        for (String c : new String[] {"modalities", "datasets", "features", "train", "eval", "caption", "embed",
            "report"}) {
            Result r = run(c, "--help");
            assertEquals(Listkit.OK, r.status(), c);
            assertTrue(r.out().contains("listkit " + c), r.out());
        }
    }

    @Test
    void reportNeedsOneExistingDirectory() {
        Result none = run("report");
        assertEquals(Listkit.USAGE, none.status());
        assertTrue(none.err().contains("expected one run directory"), none.err());
        Result missing = run("report", "no/such/run-dir");
        assertEquals(Listkit.USAGE, missing.status());
        assertTrue(missing.err().contains("not a directory: no/such/run-dir"), missing.err());
    }

    @Test
    void missingRequiredOptionIsAUsageError() {
        Result r = run("features", "--dataset", "esc50");
        assertEquals(Listkit.USAGE, r.status());
        assertTrue(r.err().contains("out"), r.err());
    }

    @Test
    void badKeyValueIsAUsageError() {
        Result r = run("features", "--dataset", "esc50", "--out", "x", "--modality", "audio", "--set", "novalue");
        assertEquals(Listkit.USAGE, r.status(), r.err());
        assertTrue(r.err().contains("KEY=VALUE"), r.err());
    }

    @Test
    void unknownDatasetFailsListingInstalledOnes() {
        Result r = run("features", "--dataset", "nope", "--out", "x", "--modality", "audio");
        assertEquals(Listkit.FAILURE, r.status());
        assertTrue(r.err().contains("unknown"), r.err());
    }
}
