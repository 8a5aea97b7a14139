package dev.cellar.cli;

import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.DefaultTerminalFactory;
import com.googlecode.lanterna.terminal.Terminal;
import dev.cellar.tui.TuiApp;
import dev.cellar.tui.image.TerminalPicture;
import dev.cellar.tui.term.Graphics;
import dev.cellar.tui.term.GraphicsProbe;
import dev.cellar.tui.term.PictureLayer;
import dev.cellar.tui.term.Tty;
import dev.cellar.tui.view.Renderer;
import dev.cellar.tui.view.Glyphs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "edit", description = {"Open a notebook in the terminal UI (? shows the keys).",
        "Works over SSH and in tmux; the daemon is started if needed."})
final class EditCommand implements Callable<Integer> {
    @Mixin
    DaemonOptions daemon;

    @Parameters(index = "0", paramLabel = "NOTEBOOK", description = "The notebook file (.py).")
    Path notebook;

    @Option(names = "--create", description = "Create the notebook if it does not exist (else a missing file is an error, "
            + "so a typo never leaves an empty notebook behind).")
    boolean create;

    @Override
    public Integer call() throws IOException {
        if (!create && !Files.exists(notebook)) {
            throw new CliException(ExitCode.FAILED, "no notebook at " + notebook.toAbsolutePath()
                    + " (create it with: cellar edit --create " + notebook + ")");
        }
        if (!Terminals.interactive()) {
            throw new CliException(ExitCode.USAGE, "cellar edit needs a terminal (run it in a terminal, tmux or over ssh -t)");
        }
        if (!Files.exists(notebook)) {
            try (var client = daemon.connect()) {
                client.call(dev.cellar.protocol.method.Methods.NOTEBOOK_OPEN,
                        new dev.cellar.protocol.method.OpenParams(notebook.toAbsolutePath().toString(), true), Object.class);
            }
        }
        // asked before Lanterna reads the keyboard, so the terminal's answers are not taken for keys
        GraphicsProbe.Found found = GraphicsProbe.probe();
        Graphics graphics = found.graphics();
        Terminal terminal = new DefaultTerminalFactory(System.out, System.in, StandardCharsets.UTF_8)
                .setForceTextTerminal(true)
                // Ctrl-C is a key here (cancel a chat turn), not SIGINT; Ctrl-Z is made one below (undo)
                .setUnixTerminalCtrlCBehaviour(com.googlecode.lanterna.terminal.ansi.UnixLikeTTYTerminal.CtrlCBehaviour.TRAP)
                .createTerminal();
        Tty.keepSuspendKey();
        // kitty, iTerm2, sixel: the layout keeps the pictures' room blank and the terminal draws them there,
        // written to the same output Lanterna writes to, after it has flushed its frame
        boolean byTerminal = PictureLayer.drawsPictures(graphics);
        Renderer renderer = new Renderer(Glyphs.forEnvironment(), graphics != Graphics.NONE, TerminalPicture.truecolor(),
                byTerminal);
        TuiApp app = new TuiApp(new TerminalScreen(terminal), (phase, mayStart) -> mayStart
                ? daemon.connect(TuiApp.CLIENT_NAME, phase) : daemon.connectRunning(TuiApp.CLIENT_NAME), notebook,
                renderer, byTerminal ? new PictureLayer(graphics, System.out, found.cellWidthPx(), found.cellHeightPx()) : null,
                System.out);
        // stopped from outside (kill -TSTP) and continued: raw mode again, then a full repaint
        Tty.onContinue(() -> {
            try {
                Tty.rawAgain();
            } catch (IOException e) {
                System.err.println("cellar: cannot restore the terminal's raw mode: " + e.getMessage());
            }
            app.resumed();
        });
        app.run();
        return ExitCode.OK;
    }
}
