/** SQL cells over JDBC: a tokeniser for statements, placeholders and table names, the notebook's connection, running a cell, and results held by column and shown to Python as a Table. */
package dev.cellar.daemon.sql;
