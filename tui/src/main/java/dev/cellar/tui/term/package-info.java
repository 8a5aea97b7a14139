/**
 * The real terminal around the UI: its modes (raw, no suspend key), signals (SIGCONT),
 * what it can draw (graphics detection), and the one writer of raw bytes beside Lanterna:
 * the pictures the terminal draws itself ({@link dev.cellar.tui.term.PictureLayer}). Not the
 * layout ({@code view}).
 */
package dev.cellar.tui.term;
