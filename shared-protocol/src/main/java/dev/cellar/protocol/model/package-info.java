/** The notebook as clients see it: cells, statuses, outputs, errors, snapshots. Records only; no behaviour beyond formatting. */
package dev.cellar.protocol.model;
