package dev.listkit.recipes.cli;

import dev.listkit.core.io.DirectoryLock;
import dev.listkit.core.report.RunReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code listkit report RUN_DIR [--out DIR]}: a static HTML report (plots, tables, synthetic-pair gallery)
 * of a training run or a self-training run, also while it is running or after it was stopped.
 */
final class ReportCommand implements Command {
    private static final Logger LOG = LoggerFactory.getLogger(ReportCommand.class);

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "write a static HTML report of a run directory (RUN_DIR): metrics, plots, synthetic-pair gallery";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                .desc("report folder (default: RUN_DIR/report); open DIR/index.html").build());
        o.addOption(Option.builder().longOpt("data-root").hasArg().argName("DIR")
                .desc("base of relative media paths in manifests (default: $LIST_DATA_ROOT or ../shared/data)").build());
        o.addOption(Option.builder().longOpt("media-per-round").hasArg().argName("N")
                .desc("gallery entries per round whose media and feature picture are copied into the report (default "
                        + RunReport.DEFAULT_MEDIA_PER_ROUND + ")").build());
        o.addOption(Option.builder().longOpt("entries-per-round").hasArg().argName("N")
                .desc("manifest lines per round listed in the gallery (default " + RunReport.DEFAULT_ENTRIES_PER_ROUND
                        + "; the rest are counted)").build());
        o.addOption(Cli.forceUnlockOption());
        o.addOption(Option.builder().longOpt("page-size").hasArg().argName("N")
                .desc("gallery entries per page (default " + RunReport.DEFAULT_PAGE_SIZE + ")").build());
        return o;
    }

    @Override
    public int run(CommandLine cl, PrintStream out, PrintStream err) throws Exception {
        if (cl.getArgs().length != 1) {
            throw new UsageException("expected one run directory, got " + cl.getArgList());
        }
        Path runDir = Path.of(cl.getArgs()[0]);
        if (!Files.isDirectory(runDir)) {
            throw new UsageException("not a directory: " + runDir);
        }
        RunReport.Builder b = RunReport.builder().setRunDir(runDir).optDataRoot(RunOptions.dataRoot(cl))
                .optMediaPerRound(Cli.intOption(cl, "media-per-round", RunReport.DEFAULT_MEDIA_PER_ROUND, 0))
                .optEntriesPerRound(Cli.intOption(cl, "entries-per-round", RunReport.DEFAULT_ENTRIES_PER_ROUND, 1))
                .optPageSize(Cli.intOption(cl, "page-size", RunReport.DEFAULT_PAGE_SIZE, 1));
        Path outDir = cl.hasOption("out") ? Path.of(cl.getOptionValue("out")) : runDir.resolve("report");
        b.optOutDir(outDir);
        RunReport.Result r;
        // One writer per report folder; a training run that holds RUN_DIR leaves report/ open to this command.
        DirectoryLock lock = Cli.lock(cl, outDir, name());
        try {
            r = b.build().write();
        } finally {
            lock.close();
        }
        LOG.info(String.format(Locale.ROOT, "runs: %d (%d finished), gallery entries: %d (%d with media), assets:"
                + " %.1f MiB, problems: %d; gallery: %s", r.runs(), r.finished(), r.galleryEntries(), r.mediaCopied(),
                r.assetBytes() / 1048576.0, r.problems().size(), r.gallery().toAbsolutePath()));
        out.println(r.index().toAbsolutePath()); // the result: the report's index.html
        return Listkit.OK;
    }
}
