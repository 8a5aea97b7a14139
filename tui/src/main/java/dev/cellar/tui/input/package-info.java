/** Key strokes read as the UI's key tables need them. */
package dev.cellar.tui.input;
