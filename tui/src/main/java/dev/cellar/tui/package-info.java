/**
 * The terminal UI: {@code state} (what the screen shows, changed by pure functions of
 * events and keys), {@code view} (draws a state), {@code input} (keys to actions), and
 * {@link dev.cellar.tui.TuiApp}, the loop that ties them to the daemon. Sees only protocol records.
 */
package dev.cellar.tui;
