package dev.cellar.protocol.method;

/** The {@code {}} result of methods with nothing to say. */
public record Empty() {
    public static final Empty INSTANCE = new Empty();
}
