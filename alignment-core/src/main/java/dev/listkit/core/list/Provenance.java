package dev.listkit.core.list;

import dev.listkit.core.config.Recipe;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.util.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a run came from ({@code provenance.json}): recipe name and hash, git revision, seeds, Java version,
 * modality fingerprint; jobs add their data fingerprints.
 */
final class Provenance {
    private Provenance() {
    }

    /**
     * The provenance every training application records first, in this order: {@code recipe},
     * {@code recipeSha256} (of {@code recipeJson}), {@code gitRevision}, {@code seedKey}, {@code java},
     * {@code modalityFingerprint}. Mutable: the job adds its data entries.
     */
    static Map<String, String> start(Recipe recipe, String recipeJson, String seedKey, String seeds,
            Modality modality) {
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("recipe", recipe.name());
        provenance.put("recipeSha256", Hashing.sha256(recipeJson));
        provenance.put("gitRevision", gitRevision());
        provenance.put(seedKey, seeds);
        provenance.put("java", System.getProperty("java.version"));
        provenance.put("modalityFingerprint", modality.fingerprint());
        return provenance;
    }

    /** {@code git rev-parse HEAD} plus {@code -dirty} when the tree has changes; "unknown" without git. */
    static String gitRevision() {
        try {
            String rev = run("git", "rev-parse", "HEAD");
            String status = run("git", "status", "--porcelain", "--untracked-files=no");
            return rev.isBlank() ? "unknown" : rev.strip() + (status.isBlank() ? "" : "-dirty");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "";
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
