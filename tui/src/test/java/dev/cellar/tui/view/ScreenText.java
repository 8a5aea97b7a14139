package dev.cellar.tui.view;

import com.googlecode.lanterna.TerminalSize;
import com.googlecode.lanterna.screen.TerminalScreen;
import com.googlecode.lanterna.terminal.virtual.DefaultVirtualTerminal;
import dev.cellar.tui.state.TuiState;
import java.io.IOException;

/** Draws a state on Lanterna's virtual terminal and reads the screen back as text. */
final class ScreenText {
    private ScreenText() {
    }

    static String render(TuiState state, int cols, int rows, boolean unicode) throws IOException {
        return text(terminal(state, cols, rows, new Renderer(new Glyphs(unicode))));
    }

    /** The virtual terminal after drawing, to read colours as well as characters. */
    static DefaultVirtualTerminal terminal(TuiState state, int cols, int rows, Renderer renderer) throws IOException {
        DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
        TerminalScreen screen = new TerminalScreen(vt);
        screen.startScreen();
        renderer.draw(screen.newTextGraphics(), screen.getTerminalSize(), state);
        screen.refresh();
        return vt; // not stopped: that would switch the virtual terminal back to its normal buffer

    }

    static String text(DefaultVirtualTerminal vt) {
        int cols = vt.getTerminalSize().getColumns();
        int rows = vt.getTerminalSize().getRows();
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                line.append(vt.getCharacter(c, r).getCharacterString());
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }
}
