package dev.listkit.recipes.cli;

import dev.listkit.core.ConfigException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.engine.RecipeChecks;
import dev.listkit.core.util.Suggestions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The recipes shipped in this module ({@code /recipes/*.json}) and recipe files. */
public final class Recipes {
    /** Built-in recipe names. */
    public static final List<String> BUILT_IN = List.of("audio-paired-baseline", "esc50-list", "flickr8k-list",
            "flickr8k-paired-baseline", "cifar10-zeroshot", "audio-paired-baseline-pretrained", "esc50-list-pretrained",
            "flickr8k-paired-baseline-pretrained", "flickr8k-list-pretrained", "urbansound8k-list-pretrained");

    private Recipes() {
    }

    /**
     * Loads a built-in recipe by name, or a recipe file by path, applies overrides and checks every key,
     * including the plugins' own ({@link RecipeChecks}), so that a bad recipe fails before any work.
     */
    public static Recipe load(String nameOrPath, List<String> overrides) throws ConfigException {
        Path file = Path.of(nameOrPath);
        if (Files.isRegularFile(file)) {
            return RecipeChecks.check(Recipe.load(file, overrides), file.toString());
        }
        String source = "recipe " + nameOrPath;
        return RecipeChecks.check(Recipe.parse(text(nameOrPath), source, overrides), source);
    }

    /** The JSON text of a built-in recipe. */
    public static String text(String name) throws ConfigException {
        try (InputStream in = Recipes.class.getResourceAsStream("/recipes/" + name + ".json")) {
            if (in == null) {
                throw new ConfigException("no recipe file '" + name + "' and no built-in recipe of that name"
                        + Suggestions.didYouMean(name, BUILT_IN) + "; built-in: " + BUILT_IN + " (listkit recipes)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read built-in recipe " + name + ": " + e.getMessage(), e);
        }
    }
}
