/**
 * The real terminal around the UI: its modes (raw, no suspend key), signals (SIGCONT),
 * what it can draw (graphics detection). Not the drawing itself ({@code view}).
 */
package dev.cellar.tui.term;
