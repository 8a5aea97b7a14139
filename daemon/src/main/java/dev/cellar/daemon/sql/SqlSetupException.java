package dev.cellar.daemon.sql;

import java.sql.SQLException;

/**
 * The notebook's database cannot be opened for a reason of the setup, not of the network: no
 * driver takes the URL ({@code SqlNoDriver}), no connection has the name ({@code SqlNoConnection}),
 * the drivers' folder is refused. Its {@code kind} names the cell's error; it is never reported
 * as a lost connection.
 */
public final class SqlSetupException extends SQLException {
    private static final long serialVersionUID = 1L;

    private final String kind;

    public SqlSetupException(String kind, String message) {
        super(message, "42000"); // not class 08: nothing was lost
        this.kind = kind;
    }

    public String kind() {
        return kind;
    }
}
