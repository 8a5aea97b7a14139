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
        DefaultVirtualTerminal vt = new DefaultVirtualTerminal(new TerminalSize(cols, rows));
        TerminalScreen screen = new TerminalScreen(vt);
        screen.startScreen();
        new Renderer(new Glyphs(unicode)).draw(screen.newTextGraphics(), screen.getTerminalSize(), state);
        screen.refresh();
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < rows; r++) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                line.append(vt.getCharacter(c, r).getCharacterString());
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        screen.stopScreen();
        return sb.toString();
    }
}
