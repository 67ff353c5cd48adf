package dev.listkit.recipes;

import dev.listkit.core.io.DataRoot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code listkit train} in-process on a built-in recipe with a tiny configuration, capturing its output. */
final class TinyTrain {
    private TinyTrain() {
    }

    /**
     * @param overrides {@code --set} values (the tiny configuration)
     * @param extra     further arguments, e.g. {@code --resume}
     * @param out       receives stdout then stderr
     * @return the exit status
     */
    static int run(String recipe, Path runDir, Path cache, List<String> overrides, List<String> extra,
            StringBuilder out) {
        List<String> args = new ArrayList<>(List.of("train", "--recipe", recipe, "--run-dir", runDir.toString(),
                "--cache-dir", cache.toString(), "--data-root", DataRoot.get().toString()));
        for (String s : overrides) {
            args.add("--set");
            args.add(s);
        }
        args.addAll(extra);
        CliRun r = CliRun.of(args.toArray(String[]::new));
        out.append(r.all());
        return r.status();
    }
}
