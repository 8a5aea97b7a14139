package dev.cellar.daemon.units;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as people read them in messages: {@code 812 bytes}, {@code 4.2 KB}, {@code 97.3 MB},
 * {@code 4.3 GB} (decimal units); and as people write them in settings ({@code 512M}, {@code 4G}).
 */
public final class ByteSize {
    private ByteSize() {
    }

    public static String describe(long bytes) {
        if (bytes < 1000) {
            return bytes + " bytes";
        }
        return bytes < 1_000_000 ? String.format(Locale.ROOT, "%.1f KB", bytes / 1e3)
                : bytes < 1_000_000_000 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
                : String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    private static final Pattern WRITTEN = Pattern.compile("(\\d+(?:\\.\\d+)?)([KkMmGgTt]?)[Bb]?");

    /** {@code 4G}, {@code 512M}, {@code 100K} or plain bytes (binary units); {@code fallback} when it is none of these. */
    public static long parse(String value, long fallback) {
        Matcher m = WRITTEN.matcher(value.strip());
        if (!m.matches()) {
            return fallback;
        }
        long scale = switch (m.group(2).toUpperCase(Locale.ROOT)) {
            case "K" -> 1L << 10;
            case "M" -> 1L << 20;
            case "G" -> 1L << 30;
            case "T" -> 1L << 40;
            default -> 1;
        };
        return (long) (Double.parseDouble(m.group(1)) * scale);
    }
}
