/** The Lanterna terminal UI. Not built yet: see the TUI issue. */
package dev.cellar.tui;
