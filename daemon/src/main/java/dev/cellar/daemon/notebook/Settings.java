package dev.cellar.daemon.notebook;

import java.time.Duration;

/**
 * A notebook's settings, kept in its file's header ({@code # cellar: autorun=false cell-timeout=30}).
 * {@code cellTimeout} of zero means no limit.
 */
public record Settings(boolean autorun, Duration cellTimeout) {
    public static final Settings DEFAULTS = new Settings(true, Duration.ZERO);
}
