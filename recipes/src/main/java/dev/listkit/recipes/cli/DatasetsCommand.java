package dev.listkit.recipes.cli;

import dev.listkit.core.data.DatasetProvider;
import dev.listkit.core.data.DatasetRegistry;
import java.io.PrintStream;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code listkit datasets}: lists installed dataset readers. */
final class DatasetsCommand implements Command {
    @Override
    public String name() {
        return "datasets";
    }

    @Override
    public String summary() {
        return "list installed dataset readers";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(CommandLine cl, PrintStream out, PrintStream err) {
        List<DatasetProvider> all = DatasetRegistry.providers();
        if (all.isEmpty()) {
            err.println("no dataset readers on the class path");
            return Listkit.FAILURE;
        }
        for (DatasetProvider p : all) {
            out.printf("%-14s %s%n", p.id(), p.description());
        }
        return Listkit.OK;
    }
}
