/**
 * The notebook as the daemon holds it: immutable records ({@code Notebook}, {@code Cell},
 * {@code Settings}) that the one writer changes by replacing and the store renders, plus who
 * asked for a change ({@code Origin}) and cell ids. Reads only the analysis' names.
 */
package dev.cellar.daemon.model;
