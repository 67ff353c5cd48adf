package dev.listkit.core.list;

import dev.listkit.core.ConfigException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.DatasetRegistry;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.util.Hashing;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a run came from ({@code provenance.json}): recipe name and hash, git revision, seeds, Java version,
 * modality fingerprint; jobs add their data fingerprints and the dataset directories they read (the only
 * places, besides the run directory, a report copies media from).
 */
public final class Provenance {
    /** Provenance keys of dataset directories: {@code dataRoot.<dataset>} (the report reads this prefix). */
    public static final String DATA_ROOT_PREFIX = "dataRoot.";

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

    /**
     * The real path of every dataset directory the recipe reads (training, pool and zero-shot sources), as
     * {@code dataRoot.<dataset>} entries; a second directory of the same dataset gets {@code .2}, ....
     */
    static Map<String, String> dataRoots(Recipe recipe, Path dataRoot) throws ConfigException {
        List<String[]> sources = new ArrayList<>();
        recipe.data().train().forEach(s -> sources.add(new String[] {s.dataset(), s.directory()}));
        recipe.data().pool().forEach(s -> sources.add(new String[] {s.dataset(), s.directory()}));
        recipe.eval().zeroShot().forEach(z -> sources.add(new String[] {z.dataset(), z.directory()}));
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] s : sources) {
            String dir = s[1] != null ? s[1] : DatasetRegistry.provider(s[0]).defaultDirectory();
            Path p = dataRoot.resolve(dir).toAbsolutePath().normalize();
            try {
                p = p.toRealPath();
            } catch (IOException e) {
                // not there (yet): the reader will say so; record the path as given
            }
            String path = p.toString();
            if (out.containsValue(path)) {
                continue;
            }
            String key = DATA_ROOT_PREFIX + s[0];
            for (int n = 2; out.containsKey(key); n++) {
                key = DATA_ROOT_PREFIX + s[0] + "." + n;
            }
            out.put(key, path);
        }
        return out;
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
