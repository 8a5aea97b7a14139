package dev.cellar.protocol.method;

/** Params of {@code connection.test}: the connection's name (without the {@code @}). */
public record ConnectionTestParams(String name) {
}
