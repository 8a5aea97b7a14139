package dev.cellar.daemon.kernel;

import dev.cellar.protocol.model.Output;

/** Receives a running cell's output as it is produced. */
@FunctionalInterface
public interface OutputSink {
    /** Text written to {@code stdout} or {@code stderr}. */
    void write(String stream, String text);

    /** A rich output shown while the cell runs ({@code display()}, a figure shown); a sink for text only gets its text. */
    default void display(Output output) {
        write("stdout", (output instanceof Output.Display d ? d.plain() : output.toString()) + "\n");
    }
}
