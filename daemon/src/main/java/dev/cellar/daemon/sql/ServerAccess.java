package dev.cellar.daemon.sql;

import dev.cellar.protocol.config.NamedConnection;
import dev.cellar.protocol.config.NamedConnections;
import dev.cellar.protocol.config.UserConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a notebook's database needs from the daemon beyond its URL: the drivers the user added,
 * and the named connections ({@code sql=@NAME}) with passwords from the connections file or,
 * where the file has none, from {@code CELLAR_CONN_<NAME>_PASSWORD} in the environment the
 * daemon started with.
 */
public record ServerAccess(AddedDrivers drivers, Map<String, String> environment) {
    public ServerAccess {
        environment = Map.copyOf(environment);
    }

    /** Never the environment: it holds passwords. */
    @Override
    public String toString() {
        return "ServerAccess[drivers in " + drivers.folder() + "]";
    }

    /** {@code notebookFolders}: the open notebooks' folders, where no drivers' folder may lie. */
    public static ServerAccess of(Map<String, String> environment, Supplier<Collection<Path>> notebookFolders) {
        return new ServerAccess(new AddedDrivers(environment, notebookFolders), environment);
    }

    /** For a kernel made outside a daemon (tests): this process's environment, no notebook folders known. */
    public static ServerAccess ofThisProcess() {
        return of(System.getenv(), List::of);
    }

    /** The connection named {@code name}, its password filled in from the environment when the file has none. */
    public NamedConnection connection(String name) throws IOException, SqlSetupException {
        Path file = UserConfig.connectionsFile(environment);
        NamedConnection c = NamedConnections.find(file, name).orElseThrow(() -> new SqlSetupException("SqlNoConnection",
                "no connection named " + name + " in " + file + ": add it with `cellar connection add " + name + " URL`"));
        String password = c.password() != null ? c.password() : environment.get(NamedConnection.passwordVariable(name));
        return new NamedConnection(c.name(), c.url(), c.user(), password, c.autorun());
    }
}
