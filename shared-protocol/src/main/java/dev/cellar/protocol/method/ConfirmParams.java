package dev.cellar.protocol.method;

/**
 * {@code notebook.confirm}: a person confirms what a notebook's trust records hold back (header
 * settings that widen rights, an interpreter a confined cell could have planted). Names the
 * notebook by {@code notebookId}, or by {@code path} (opened if need be). {@code dryRun}
 * answers what waits without confirming anything. {@code interpreterSha256}, when given, is the
 * interpreter's hash the person was shown: the confirmation is refused (CONFLICT) if the file
 * changed since.
 */
public record ConfirmParams(String notebookId, String path, boolean dryRun, String interpreterSha256) {
}
