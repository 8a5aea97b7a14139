package dev.cellar.protocol.model;

/**
 * The Python a notebook runs on, as clients show it: {@code implementation} ({@code CPython},
 * {@code GraalPy}, …), {@code version}, {@code executable} (null when embedded),
 * {@code description} (one line for people, e.g. {@code CPython 3.11.2 (/usr/bin/python3)}),
 * {@code sandbox} (what confines cell code: {@code graalpy}, or {@code off}) and
 * {@code problem} (set when the notebook's setting names a Python that cannot be used) and
 * {@code env}: the variables the header's {@code env=} passes to a confined worker beyond its
 * allow list (empty: none; null from an older daemon).
 */
public record KernelInfo(String implementation, String version, String executable, String description, String sandbox,
                         String problem, java.util.List<String> env) {
}
