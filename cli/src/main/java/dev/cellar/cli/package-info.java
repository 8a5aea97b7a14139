/** The cellar command: one picocli class per verb, daemon start on demand, terminal output. Sees only protocol records. */
package dev.cellar.cli;
