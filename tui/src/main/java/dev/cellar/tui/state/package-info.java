/** What the terminal UI shows, as immutable records, and the pure functions that change it: events and snapshots (Reducer), the editor. */
package dev.cellar.tui.state;
