package dev.cellar.protocol.model;

/**
 * The Python a notebook runs on, as clients show it: {@code implementation} ({@code CPython},
 * {@code GraalPy}, …), {@code version}, {@code executable} (null when embedded),
 * {@code description} (one line for people, e.g. {@code CPython 3.11.2 (/usr/bin/python3)}),
 * {@code sandbox} (what confines cell code: {@code graalpy}, or {@code off}) and
 * {@code problem} (set when the notebook's setting names a Python that cannot be used) and
 * {@code pending}: what waits for a person's {@code cellar confirm} (header settings held back,
 * an unconfirmed interpreter), null when nothing does.
 */
public record KernelInfo(String implementation, String version, String executable, String description, String sandbox,
                         String problem, String pending) {
    public KernelInfo(String implementation, String version, String executable, String description, String sandbox,
                      String problem) {
        this(implementation, version, executable, description, sandbox, problem, null);
    }
}
