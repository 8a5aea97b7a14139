package dev.cellar.tui.term;

/**
 * A picture the terminal draws itself (kitty, iTerm2, sixel) over a rectangle of blank cells
 * the layout kept for it: its PNG (base64, as in the output) and where, in screen cells.
 */
public record PlacedPicture(String png, int col, int row, int cols, int rows) {
}
