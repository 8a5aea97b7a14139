package dev.cellar.daemon.kernel;

/** Receives a running cell's stdout/stderr text as it is written. */
@FunctionalInterface
public interface OutputSink {
    void write(String stream, String text);
}
