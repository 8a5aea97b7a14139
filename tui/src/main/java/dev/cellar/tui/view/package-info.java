/**
 * Drawing a TuiState on a Lanterna TextGraphics: layout, glyphs, syntax colours, tables, and
 * where the terminal's own pictures go. No state of its own but decoded-picture caches;
 * {@link dev.cellar.tui.view.Painter} puts a frame and its pictures on the screen.
 */
package dev.cellar.tui.view;
