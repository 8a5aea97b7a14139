package dev.cellar.protocol.method;

import dev.cellar.protocol.model.KernelInfo;
import java.util.List;

/**
 * What waits for (or got) a person's confirmation: {@code header} the settings whose confirmed
 * value differs from the header ({@code from} confirmed, {@code to} as written; null: not set),
 * {@code interpreter} the Python that no person confirmed (null: none), {@code confirmed}
 * whether this call recorded them, {@code kernel} the notebook's kernel afterwards (restarted on
 * the confirmed settings when they changed it), {@code message} one line for people.
 */
public record ConfirmResult(boolean confirmed, List<SettingChange> header, PendingInterpreter interpreter,
                            KernelInfo kernel, String message) {
    public ConfirmResult {
        header = header == null ? List.of() : List.copyOf(header);
    }

    /** Nothing waits: no header setting, no interpreter. */
    public boolean nothingPending() {
        return header.isEmpty() && interpreter == null;
    }

    /** One header setting: {@code key} from the confirmed value to the written one. */
    public record SettingChange(String key, String from, String to) {
    }

    /** A Python by path and content hash; {@code previousSha256} what was confirmed before (null: it is new). */
    public record PendingInterpreter(String path, String sha256, String previousSha256) {
    }
}
