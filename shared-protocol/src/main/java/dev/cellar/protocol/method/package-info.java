/** Method names and the params/result record of every method (DESIGN.md §5). */
package dev.cellar.protocol.method;
