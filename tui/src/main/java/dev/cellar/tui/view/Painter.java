package dev.cellar.tui.view;

import com.googlecode.lanterna.TerminalPosition;
import com.googlecode.lanterna.screen.Screen;
import dev.cellar.tui.state.TuiState;
import dev.cellar.tui.term.PictureLayer;
import java.io.IOException;

/**
 * Puts a state on the screen: Lanterna draws the text, then the terminal's own pictures are
 * drawn over the room kept for them (when the terminal draws pictures). With pictures on
 * screen a refresh is never left to Lanterna's choice: its automatic full repaint would wipe
 * them unseen, so it is a delta unless the pictures ask for a whole repaint.
 */
public final class Painter {
    private final Screen screen;
    private final Renderer renderer;
    private final PictureLayer pictures;

    /** {@code pictures}: null when the terminal draws no pictures (half-blocks or none). */
    public Painter(Screen screen, Renderer renderer, PictureLayer pictures) {
        this.screen = screen;
        this.renderer = renderer;
        this.pictures = pictures;
    }

    /** Draws {@code state}; {@code whole}: repaint every cell (after a resize, or the terminal was taken meanwhile). */
    public void paint(TuiState state, boolean whole) throws IOException {
        Renderer.Frame frame = renderer.frame(screen.newTextGraphics(), screen.getTerminalSize(), state);
        Renderer.Cursor cursor = frame.cursor();
        screen.setCursorPosition(cursor == null ? null : new TerminalPosition(cursor.col(), cursor.row()));
        if (pictures == null) {
            screen.refresh(whole ? Screen.RefreshType.COMPLETE : Screen.RefreshType.AUTOMATIC);
            return;
        }
        boolean repaint = whole || pictures.mustRepaint(frame.pictures());
        screen.refresh(repaint ? Screen.RefreshType.COMPLETE : Screen.RefreshType.DELTA);
        pictures.show(frame.pictures(), repaint);
    }

    /** Leaving the UI: takes the pictures the terminal keeps (kitty's) off the screen. */
    public void close() throws IOException {
        if (pictures != null) {
            pictures.close();
        }
    }
}
