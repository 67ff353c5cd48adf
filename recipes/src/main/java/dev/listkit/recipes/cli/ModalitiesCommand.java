package dev.listkit.recipes.cli;

import dev.listkit.core.modality.ModalityProvider;
import dev.listkit.core.modality.ModalityRegistry;
import java.io.PrintStream;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code listkit modalities}: lists installed modality plugins and their presets. */
final class ModalitiesCommand implements Command {
    @Override
    public String name() {
        return "modalities";
    }

    @Override
    public String summary() {
        return "list installed modality plugins and their presets";
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(CommandLine cl, PrintStream out, PrintStream err) {
        List<ModalityProvider> all = ModalityRegistry.providers();
        if (all.isEmpty()) {
            err.println("no modality plugins on the class path");
            return Listkit.FAILURE;
        }
        for (ModalityProvider p : all) {
            out.printf("%-10s %s%n", p.id(), p.description());
            out.printf("%-10s presets: %s%n", "", String.join(", ", p.presets()));
        }
        return Listkit.OK;
    }
}
