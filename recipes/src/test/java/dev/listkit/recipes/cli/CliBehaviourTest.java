package dev.listkit.recipes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.util.BuildInfo;
import dev.listkit.core.util.Json;
import dev.listkit.recipes.CliRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line's contract without training anything: exit status 2 for every usage or configuration error
 * with a did-you-mean where a name was mistyped, results alone on stdout, {@code recipes}, {@code --version},
 * per-kind help of {@code eval}, and help texts that only point at commands that exist.
 */
class CliBehaviourTest {
    @TempDir
    Path tmp;

    @Test
    void versionNamesTheBuildAndItsLibraries() {
        CliRun r = CliRun.of("--version");
        assertEquals(Listkit.OK, r.status(), r.all());
        BuildInfo b = BuildInfo.current();
        assertTrue(r.out().startsWith("listkit " + b.version() + " (git " + b.gitRevision() + ")"), r.out());
        assertTrue(r.out().contains("DJL " + b.djl()) && r.out().contains("ONNX Runtime " + b.onnxRuntime()), r.out());
    }

    @Test
    void mistypedCommandsRecipesKeysAndOptionsExit2WithASuggestion() {
        assertUsage(CliRun.of("trian"), "unknown command 'trian' (did you mean 'train'?)");
        assertUsage(CliRun.of("recipes", "--print", "audio-paired-baselin"), "(did you mean 'audio-paired-baseline'?)");
        assertUsage(CliRun.of("train", "--recipe", "esc50-lst"), "(did you mean 'esc50-list'?)");
        assertUsage(CliRun.of("recipes", "--print", "esc50-list", "--set", "train.totlSteps=3"),
                "unknown key 'totlSteps' (did you mean 'totalSteps'?)");
        assertUsage(CliRun.of("recipes", "--print", "esc50-list", "--set", "trian.totalSteps=3"),
                "did you mean 'train'?");
        assertUsage(CliRun.of("train", "--recipie", "esc50-list"), "(did you mean '--recipe'?)");
        assertUsage(CliRun.of("eval", "zeroshoot", "--run", "x", "--dataset", "esc50"),
                "unknown kind 'zeroshoot' (did you mean 'zeroshot'?)");
        assertUsage(CliRun.of("eval", "retrieval", "--run", "x", "--dataset", "esc50", "--templates", "esc50"),
                "Unrecognized option: --templates");
        assertUsage(CliRun.of("features", "--dataset", "esc50", "--preset", "laion-clapp", "--out", "x"),
                "(did you mean 'laion-clap'?)");
        assertUsage(CliRun.of("train"), "Missing required option: recipe");
        assertUsage(CliRun.of(), "usage: listkit");
    }

    @Test
    void recipesListsEveryBuiltInRecipeOnOneLine() {
        CliRun r = CliRun.of("recipes");
        assertEquals(Listkit.OK, r.status(), r.all());
        List<String> lines = r.out().lines().toList();
        assertEquals(Recipes.BUILT_IN.size(), lines.size(), r.out());
        for (int i = 0; i < lines.size(); i++) {
            assertTrue(lines.get(i).startsWith(Recipes.BUILT_IN.get(i) + " "), lines.get(i));
        }
        assertTrue(r.out().contains("esc50-list") && r.out().contains("self-training"), r.out());
    }

    @Test
    void recipesPrintShowsTheResolvedRecipeAsJson() throws Exception {
        CliRun r = CliRun.of("recipes", "--print", "audio-paired-baseline", "--set", "train.totalSteps=700",
                "--set", "model.embedDim=64");
        assertEquals(Listkit.OK, r.status(), r.all());
        JsonNode json = Json.MAPPER.readTree(r.out()); // stdout is the JSON and nothing else
        assertEquals(700, json.get("train").get("totalSteps").asInt());
        assertEquals(64, json.get("model").get("embedDim").asInt());
        Recipe again = Recipe.parse(r.out(), "printed", List.of()); // a valid recipe file as it stands
        assertEquals(700, again.train().totalSteps());
        assertUsage(CliRun.of("recipes", "--set", "train.totalSteps=7"), "--set applies to --print RECIPE");
    }

    @Test
    void evalHasHelpPerKind() {
        CliRun zs = CliRun.of("eval", "zeroshot", "--help");
        assertEquals(Listkit.OK, zs.status(), zs.all());
        assertTrue(zs.out().contains("listkit eval zeroshot [options]") && zs.out().contains("--templates-file")
                && zs.out().contains("--classnames-file") && !zs.out().contains("--strategy"), zs.out());
        CliRun cap = CliRun.of("eval", "captions", "--help");
        assertTrue(cap.out().contains("--strategy") && !cap.out().contains("--templates"), cap.out());
        CliRun ret = CliRun.of("eval", "retrieval", "--help");
        assertTrue(ret.out().contains("R@1/5/10") && !ret.out().contains("--templates"), ret.out());
        CliRun all = CliRun.of("eval", "--help");
        assertTrue(all.out().contains("listkit eval zeroshot|retrieval|captions") && all.out().replaceAll("\\s+", " ")
                .contains("listkit eval zeroshot --help"), all.out());
        assertEquals(Listkit.OK, CliRun.of("help", "eval").status());
    }

    @Test
    void helpTextsPointOnlyAtCommandsThatExist() {
        List<String> texts = new ArrayList<>();
        texts.add(CliRun.of("--help").out());
        for (String c : List.of("recipes", "modalities", "datasets", "features", "train", "eval", "caption", "embed",
                "export", "engine", "report")) {
            CliRun r = CliRun.of(c, "--help");
            assertEquals(Listkit.OK, r.status(), c);
            texts.add(r.out());
        }
        Matcher m = Pattern.compile("'listkit ([a-z-]+)").matcher(String.join("\n", texts));
        int references = 0;
        while (m.find()) {
            references++;
            CliRun r = CliRun.of(m.group(1), "--help");
            assertEquals(Listkit.OK, r.status(), "help refers to 'listkit " + m.group(1) + "': " + r.err());
        }
        assertTrue(references >= 3, "train, features and eval point at listkit recipes/datasets/export");
    }

    @Test
    void failuresThatAreNotUsageExit1AndAMissingRunDirectoryExits2() throws Exception {
        Path media = Files.createDirectories(tmp.resolve("media"));
        Files.write(media.resolve("broken.wav"), new byte[] {'R', 'I', 'F', 'F', 1, 2});
        CliRun r = CliRun.of("features", "--dataset", "folder", "--dataset-dir", media.toString(), "--modality",
                "audio", "--out", tmp.resolve("cache").toString());
        assertEquals(Listkit.FAILURE, r.status(), r.all());
        assertTrue(r.err().contains("broken.wav"), r.err());
        assertUsage(CliRun.of("embed", "--run", "no/such/run", "--text", "x", "--out", "x.jsonl"),
                "no/such/run: not a directory");
    }

    private static void assertUsage(CliRun r, String expected) {
        assertEquals(Listkit.USAGE, r.status(), r.all());
        assertTrue(r.err().contains(expected), "expected '" + expected + "' in: " + r.err());
        assertTrue(r.out().isEmpty(), "nothing on stdout for a usage error: " + r.out());
    }
}
