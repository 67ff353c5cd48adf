package dev.listkit.core.list;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Where a run came from: the git revision of the working directory, when there is one. */
final class Provenance {
    private Provenance() {
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
