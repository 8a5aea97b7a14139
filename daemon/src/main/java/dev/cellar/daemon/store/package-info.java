/** Notebook files: the percent format (parse/format, byte-exact round trip) and atomic, durable saves. */
package dev.cellar.daemon.store;
