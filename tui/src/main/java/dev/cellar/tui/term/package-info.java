/**
 * The real terminal around the UI: its modes (raw, no suspend key), signals (SIGCONT),
 * what it can draw (graphics detection), the key reader that can let go of the input
 * ({@link dev.cellar.tui.term.KeyReader}), and the raw bytes written beside Lanterna: the
 * pictures the terminal draws itself ({@link dev.cellar.tui.term.PictureLayer}) and the
 * clipboard ({@link dev.cellar.tui.term.Osc52}). Not the layout ({@code view}).
 */
package dev.cellar.tui.term;
