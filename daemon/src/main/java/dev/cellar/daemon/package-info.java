/** The daemon process: wiring of notebooks, analyser, assistant and socket server (Daemon), and its entry point (DaemonMain). */
package dev.cellar.daemon;
