/** The kernel SPI: run a cell, clear variables, interrupt. Implementations live in subpackages. */
package dev.cellar.daemon.kernel;
