package dev.cellar.daemon.notebook;

/**
 * Who asked for a change ({@code user:<client>}, {@code agent:<name>}, {@code assistant}, {@code kernel}) and the
 * request id, if any.
 */
public record Origin(String actor, String requestId) {
    public static final Origin KERNEL = new Origin("kernel", null);
}
