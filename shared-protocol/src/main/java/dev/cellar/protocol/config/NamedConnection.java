package dev.cellar.protocol.config;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A database a notebook names as {@code sql=@NAME}: its JDBC URL, user and password, kept in the
 * user's connections file so that the notebook (which goes into git) holds none of them.
 * {@code user} and {@code password} may be null. {@code autorun}: SQL cells on it run by themselves
 * after an edit upstream, as on the embedded DuckDB (the user says a query there costs nothing to
 * repeat; a notebook's {@code sql-autorun=} still decides over it). {@link #toString} never shows the password.
 */
public record NamedConnection(String name, String url, String user, String password, boolean autorun) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    public NamedConnection {
        requireName(name);
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("a connection's URL starts with jdbc: (got " + safeUrl(url) + ")");
        }
    }

    public NamedConnection(String name, String url, String user, String password) {
        this(name, url, user, password, false);
    }

    /** Letters, digits, {@code _} and {@code -}, starting with a letter: it becomes part of an environment variable's name. */
    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a connection's name is a letter then letters, digits, _ or - (at most 64): "
                    + name);
        }
        return name;
    }

    /** Whether {@code written} names a connection as a notebook does: {@code @} and a valid name ({@code @warehouse}). */
    public static boolean isReference(String written) {
        return written != null && written.startsWith("@") && NAME.matcher(written.substring(1)).matches();
    }

    /** {@code CELLAR_CONN_<NAME>_PASSWORD}: the daemon's environment may hold the password instead of the file. */
    public static String passwordVariable(String name) {
        return "CELLAR_CONN_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD";
    }

    /**
     * The URL with its password masked, for messages, wherever the URL holds it: a {@code password=}
     * parameter, user info ({@code jdbc:mysql://app:PASSWORD@db}, as MySQL, MariaDB and ClickHouse
     * read it) or Oracle's {@code jdbc:oracle:thin:scott/PASSWORD@db}.
     */
    public static String safeUrl(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1***")
                .replaceAll("(//[^/?#;@:]*:)[^/?#;@]*@", "$1***@")
                .replaceAll("(?i)^(jdbc:oracle:[a-z0-9]+:[^/@:]+/)[^@]*@", "$1***@");
    }

    @Override
    public String toString() {
        return "@" + name + " (" + safeUrl(url) + (user != null ? ", user " + user : "")
                + (password != null ? ", password set" : "") + (autorun ? ", autorun" : "") + ")";
    }
}
