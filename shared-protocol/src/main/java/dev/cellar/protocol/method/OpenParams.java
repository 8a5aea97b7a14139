package dev.cellar.protocol.method;

/** {@code notebook.open}: {@code path} is resolved against the client's working folder by the client. */
public record OpenParams(String path, boolean create) {
}
