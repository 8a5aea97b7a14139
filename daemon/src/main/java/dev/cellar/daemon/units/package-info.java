/**
 * Quantities as people read them in messages and write them in settings ({@code 4.2 MB},
 * {@code 512M}). A leaf: any package may use it, it uses none of the daemon's.
 */
package dev.cellar.daemon.units;
