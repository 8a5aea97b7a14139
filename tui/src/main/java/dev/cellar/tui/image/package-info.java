/**
 * Pictures as text: a PNG to Unicode half-blocks (24-bit or 256 colours), and the escape
 * encodings of the kitty, iTerm2 and sixel protocols. Pure functions from (image, size in
 * character cells) to text; which one a terminal gets is decided in {@code term}.
 */
package dev.cellar.tui.image;
