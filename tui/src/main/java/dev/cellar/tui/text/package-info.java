/**
 * Text from cells as a terminal would read it, made safe to show: {@link dev.cellar.tui.text.TerminalText}
 * turns colours (SGR) into styled runs and every other control into visible text or nothing.
 * Pure Java, no Lanterna: the CLI uses it too.
 */
package dev.cellar.tui.text;
