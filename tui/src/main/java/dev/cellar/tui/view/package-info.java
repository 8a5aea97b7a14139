/** Drawing a TuiState on a Lanterna TextGraphics: layout, glyphs, syntax colours, tables. No state of its own. */
package dev.cellar.tui.view;
