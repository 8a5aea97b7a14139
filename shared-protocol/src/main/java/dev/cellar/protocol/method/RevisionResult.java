package dev.cellar.protocol.method;

public record RevisionResult(long revision) {
}
