package dev.cellar.protocol.method;

/**
 * {@code kernel.use}: the Python the notebook should run on, as its header's {@code python=}
 * says it: {@code auto}, {@code graalpy}, or the path of an interpreter (absolute, or relative to
 * the notebook's folder). Paths with white space cannot be written in a header and are refused.
 */
public record KernelUseParams(String notebookId, String python) {
}
