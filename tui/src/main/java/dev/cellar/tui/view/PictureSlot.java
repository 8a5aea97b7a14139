package dev.cellar.tui.view;

import dev.cellar.protocol.model.Output;

/** The room a picture drawn by the terminal takes in the layout: {@code cols x rows} blank cells. */
record PictureSlot(Output.Display display, int cols, int rows) {
    String png() {
        return display.data().get(Output.Display.PNG);
    }
}
