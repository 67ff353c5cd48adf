package dev.listkit.recipes.cli;

import dev.listkit.core.io.DirectoryLock;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/** Small option parsing helpers with usage errors that name the option. */
final class Cli {
    private Cli() {
    }

    /** An integer option ≥ {@code min}, or {@code dflt} when absent. */
    static int intOption(CommandLine cl, String name, int dflt, int min) throws UsageException {
        if (!cl.hasOption(name)) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(cl.getOptionValue(name));
            if (v < min) {
                throw new UsageException("--" + name + " must be >= " + min);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be an integer, got '" + cl.getOptionValue(name) + "'");
        }
    }

    /** The {@code --force-unlock} option of commands that write into a directory. */
    static Option forceUnlockOption() {
        return Option.builder().longOpt("force-unlock")
                .desc("break a stale lock on the output directory (left by a listkit process that is gone, e.g."
                        + " killed with kill -9); never needed while another process runs there").build();
    }

    /**
     * Locks {@code dir} for {@code command} ({@link DirectoryLock}); a directory in use by another listkit
     * process, or a stale lock without {@code --force-unlock}, is a usage error (exit 2) naming the holder.
     *
     * @param open subdirectories this command never writes, which others may lock (e.g. {@code report})
     */
    static DirectoryLock lock(CommandLine cl, Path dir, String command, String... open)
            throws UsageException, IOException {
        DirectoryLock.Builder b = DirectoryLock.builder().setDirectory(dir).setCommand("listkit " + command)
                .optForceUnlock(cl.hasOption("force-unlock"));
        for (String o : open) {
            b.optOpenSubdirectory(o);
        }
        try {
            return b.acquire();
        } catch (DirectoryLock.LockedException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
