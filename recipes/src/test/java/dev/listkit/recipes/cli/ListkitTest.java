package dev.listkit.recipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.recipes.CliRun;
import org.junit.jupiter.api.Test;

class ListkitTest {
    record Result(int status, String out, String err) {
    }

    static Result run(String... args) {
        // shared by the command tests of this package; err holds the log lines too
        CliRun r = CliRun.of(args);
        return new Result(r.status(), r.out(), r.err());
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
    void unknownDatasetIsAConfigurationErrorListingInstalledOnes() {
        Result r = run("features", "--dataset", "nope", "--out", "x", "--modality", "audio");
        assertEquals(Listkit.USAGE, r.status(), r.err());
        assertTrue(r.err().contains("unknown dataset 'nope'; installed: [") && r.err().contains("esc50"), r.err());
        Result typo = run("features", "--dataset", "esc05", "--out", "x", "--modality", "audio");
        assertEquals(Listkit.USAGE, typo.status(), typo.err());
        assertTrue(typo.err().contains("unknown dataset 'esc05' (did you mean 'esc50'?)"), typo.err());
    }
}
