package dev.cellar.daemon.model;

import java.util.Locale;

/** Sizes as people read them in messages: {@code 812 bytes}, {@code 4.2 KB}, {@code 97.3 MB} (decimal units). */
public final class ByteSize {
    private ByteSize() {
    }

    public static String describe(long bytes) {
        if (bytes < 1000) {
            return bytes + " bytes";
        }
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f KB", bytes / 1e3)
                : String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
