package dev.cellar.protocol.method;

/** The turn started; its events carry this id. */
public record ChatSendResult(String turnId) {
}
