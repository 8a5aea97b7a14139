package dev.cellar.protocol.method;

/** The seq the subscription starts after: the next event delivered has {@code seq + 1}. */
public record SubscribeResult(long seq) {
}
