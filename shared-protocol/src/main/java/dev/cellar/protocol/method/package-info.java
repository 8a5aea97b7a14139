/** Method names and the params/result record of every method (docs/ARCHITECTURE.md §8). */
package dev.cellar.protocol.method;
