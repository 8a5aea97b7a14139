package dev.cellar.daemon.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the values of header settings. A value that cannot be read gives the fallback and
 * a sentence in {@code problems}: a typo in a header must not stop a notebook, nor go unseen.
 */
final class SettingValues {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final List<String> problems;

    SettingValues(List<String> problems) {
        this.problems = problems;
    }

    boolean bool(String key, String value, boolean fallback) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> invalid(key, value, "true or false", fallback);
        };
    }

    Duration seconds(String key, String value, Duration fallback) {
        try {
            double seconds = Double.parseDouble(value.replaceFirst("s$", ""));
            if (seconds >= 0 && Double.isFinite(seconds)) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // told below
        }
        return invalid(key, value, "seconds (0 for no limit)", fallback);
    }

    long count(String key, String value, long fallback) {
        try {
            long n = Long.parseLong(value.replace("_", ""));
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // told below
        }
        return invalid(key, value, "a whole number", fallback);
    }

    /** {@code 4G}, {@code 512M}, {@code 100K} or plain bytes. */
    long bytes(String key, String value, long fallback) {
        long bytes = dev.cellar.daemon.units.ByteSize.parse(value, -1);
        return bytes >= 0 ? bytes : invalid(key, value, "a size such as 512M or 4G", fallback);
    }

    String oneOf(String key, String value, String fallback, String... allowed) {
        return Arrays.asList(allowed).contains(value) ? value : invalid(key, value, String.join(", ", allowed), fallback);
    }

    /**
     * Variable names separated by commas ({@code env=GITHUB_TOKEN,HF_HOME}), added to {@code soFar}
     * (the key may appear more than once); a name that is not one is left out and told.
     */
    List<String> names(String key, String value, List<String> soFar) {
        return listed(key, value, soFar, kept(n -> NAME.matcher(n).matches(), "a variable name (letters, digits and _)"));
    }

    /**
     * Named connections separated by commas ({@code conns=@warehouse,@pg}), added to {@code soFar};
     * one that is not {@code @NAME} is left out and told.
     */
    List<String> connections(String key, String value, List<String> soFar) {
        return listed(key, value, soFar, kept(dev.cellar.protocol.config.NamedConnection::isReference,
                "a named connection (@NAME)"));
    }

    /**
     * TCP endpoints separated by commas ({@code net=127.0.0.1:8786,db.lan:5432}), added to
     * {@code soFar} as a header writes them; one that is not {@code HOST:PORT} is left out and told
     * (left out: no connection).
     */
    List<String> endpoints(String key, String value, List<String> soFar) {
        return listed(key, value, soFar, written -> dev.cellar.daemon.trust.NetEndpoint.parse(written).toString());
    }

    /** An item as written when {@code valid}, else refused as not being {@code what}. */
    private static java.util.function.UnaryOperator<String> kept(java.util.function.Predicate<String> valid, String what) {
        return item -> {
            if (!valid.test(item)) {
                throw new IllegalArgumentException("'" + item + "' is not " + what);
            }
            return item;
        };
    }

    /**
     * A comma-separated list added to {@code soFar}, each item as {@code canonical} gives it, once;
     * one it refuses (IllegalArgumentException, saying why) is left out and told.
     */
    private List<String> listed(String key, String value, List<String> soFar,
                                java.util.function.UnaryOperator<String> canonical) {
        List<String> out = new ArrayList<>(soFar);
        for (String written : value.split(",")) {
            try {
                String item = canonical.apply(written);
                if (!out.contains(item)) {
                    out.add(item);
                }
            } catch (IllegalArgumentException e) {
                problems.add("setting " + key + "=" + value + " in the header: " + e.getMessage() + "; left out");
            }
        }
        return out;
    }

    void unknown(String key, String value) {
        problems.add("unknown setting " + key + "=" + value + " in the header (ignored)");
    }

    void notAPair(String token) {
        problems.add("setting '" + token + "' in the header is not KEY=VALUE (ignored)");
    }

    private <T> T invalid(String key, String value, String expected, T fallback) {
        problems.add("setting " + key + "=" + value + " in the header: expected " + expected + "; using "
                + (fallback == null ? "the default" : key + "=" + describe(fallback)));
        return fallback;
    }

    private static String describe(Object value) {
        return value instanceof Duration d ? (d.toMillis() / 1000.0 + "").replaceFirst("\\.0$", "") : String.valueOf(value);
    }
}
