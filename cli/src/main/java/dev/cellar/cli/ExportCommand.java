package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.NotebookSnapshot;
import dev.cellar.protocol.model.Output;
import dev.cellar.tui.text.TerminalText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", resourceBundle = "dev.cellar.cli.ReadsIpynb",
        description = "Write a notebook as Jupyter (.ipynb), HTML or Markdown, with its last outputs.")
final class ExportCommand extends NotebookCommand {
    enum Format { ipynb, html, md }

    @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "ipynb, html or md.")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write (default: beside it).")
    Path output;

    @Option(names = "--force", description = "Replace the file beside the notebook if it exists (-o FILE always replaces FILE).")
    boolean force;

    @Override
    void checkArguments() {
        Path target = target();
        OutputFiles.refuseTheNotebook(notebook, target, output != null ? "-o" : "--to " + format);
        if (output == null && !force && Files.exists(target)) {
            throw new CliException(ExitCode.FAILED, target + " already exists (use --force to replace it, or -o FILE)");
        }
    }

    private Path target() {
        return output != null ? output : notebook.resolveSibling(
                notebook.getFileName().toString().replaceFirst("\\.(py|ipynb)$", "") + "." + format);
    }

    @Override
    boolean readsIpynb() {
        return true;
    }

    @Override
    int run(CellarClient client, NotebookSnapshot nb) throws IOException {
        Path target = target();
        String name = notebook.getFileName().toString();
        String content = switch (format) {
            case ipynb -> Ipynb.write(nb.cells());
            case html -> HtmlReport.page(name, nb.cells(), id -> 0, RunReport.summary(nb.cells(), 0));
            case md -> markdown(nb);
        };
        Files.writeString(target, content, StandardCharsets.UTF_8);
        out().println("wrote " + target);
        return ExitCode.OK;
    }

    private static String markdown(NotebookSnapshot nb) {
        StringBuilder md = new StringBuilder();
        for (CellInfo c : nb.cells()) {
            if (!c.kind().runs()) { // markdown, and raw cells as they are (as nbconvert writes them)
                md.append(TerminalText.printable(c.code())).append("\n\n");
                continue;
            }
            md.append("```").append(c.kind() == CellKind.SQL ? "sql" : "python").append('\n').append(TerminalText.printable(c.code()))
                    .append("\n```\n\n");
            StringBuilder out = new StringBuilder();
            for (Output o : c.outputs()) {
                switch (o) {
                    // a Markdown file is read in terminals too: escapes shown, never passed
                    case Output.Stream s -> out.append(TerminalText.plain(s.text()));
                    case Output.Text t -> out.append(TerminalText.plain(t.text())).append('\n');
                    case Output.Table t -> {
                        String text = TerminalText.plain(Ipynb.tableText(t));
                        out.append(text).append(text.endsWith("\n") ? "" : "\n");
                    }
                    case Output.Display d -> out.append(TerminalText.plain(CellPrinter.displayText(d))).append('\n');
                }
            }
            if (c.error() != null) {
                out.append(TerminalText.plain(c.error().summary())).append('\n');
            }
            if (!out.isEmpty()) {
                md.append("```\n").append(out).append(out.toString().endsWith("\n") ? "" : "\n").append("```\n\n");
            }
        }
        return md.toString();
    }
}
