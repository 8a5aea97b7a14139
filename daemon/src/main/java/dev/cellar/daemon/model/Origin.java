package dev.cellar.daemon.model;

/**
 * Who asked for a change ({@code user:<client>}, {@code assistant}, {@code agent:<name>},
 * {@code kernel}), the request id, if any, and the assistant's or agent's turn it belongs
 * to, if any: the session records a checkpoint of every cell a turn changes.
 */
public record Origin(String actor, String requestId, String turnId) {
    public static final Origin KERNEL = new Origin("kernel", null);

    public Origin(String actor, String requestId) {
        this(actor, requestId, null);
    }
}
