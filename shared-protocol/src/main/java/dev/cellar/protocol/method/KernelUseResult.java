package dev.cellar.protocol.method;

import dev.cellar.protocol.model.KernelInfo;

/**
 * What {@code kernel.use} did: {@code python} the value written in the header, {@code applied}
 * whether the notebook runs on it now (false: it waits for a person's confirmation, as an
 * agent's choice does; {@code kernel.pending()} says so), {@code kernel} the kernel afterwards,
 * {@code message} one line for people.
 */
public record KernelUseResult(String python, boolean applied, KernelInfo kernel, String message) {
}
