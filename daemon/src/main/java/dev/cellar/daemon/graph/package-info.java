/** The immutable dependency graph between cells, updated per cell, and its static problems (multiple definitions, cycles). */
package dev.cellar.daemon.graph;
