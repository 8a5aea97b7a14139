package dev.cellar.cli;

import dev.cellar.protocol.client.CellarClient;
import dev.cellar.protocol.config.NamedConnection;
import dev.cellar.protocol.config.NamedConnections;
import dev.cellar.protocol.method.ConnectionTestParams;
import dev.cellar.protocol.method.ConnectionTestResult;
import dev.cellar.protocol.method.Methods;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cellar connection add|list|remove|test}: databases a notebook names as {@code sql=@NAME},
 * kept with their credentials in the user's 0600 connections file rather than in the notebook
 * (which goes into git). Never prints a password.
 */
@Command(name = "connection", description = {"Named database connections: a notebook says `# cellar: sql=@NAME`.",
        "Kept in ~/.config/cellar/connections.json (0600); the password may instead come from the daemon's"
                + " environment, CELLAR_CONN_<NAME>_PASSWORD, read when the daemon starts."},
        subcommands = {ConnectionCommand.Add.class, ConnectionCommand.ListConnections.class, ConnectionCommand.Remove.class,
            ConnectionCommand.Test.class})
final class ConnectionCommand {
    @Command(name = "add", description = {"Add (or replace) a named connection.",
        "E.g. cellar connection add warehouse jdbc:trino://trino.example.com:443/hive --user me --password-stdin",
        "--autorun: cells on it run by themselves after an edit upstream, like the embedded DuckDB's."})
    static final class Add extends ConfigCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Parameters(index = "1", paramLabel = "URL", description = "The JDBC URL (jdbc:…).")
        String url;

        @Option(names = "--user", paramLabel = "U")
        String user;

        @Option(names = "--password-stdin", description = "Read the password from the first line of stdin (never an argument:"
                + " arguments show in ps and the shell's history).")
        boolean passwordStdin;

        @Option(names = "--autorun", description = "SQL cells on this connection run by themselves after an edit upstream, as on"
                + " the embedded DuckDB (by default a server's queries wait for a person: a warehouse may bill each one);"
                + " a notebook's sql-autorun=on|off still decides over it.")
        boolean autorun;

        @Override
        public Integer call() throws IOException {
            String password = null;
            if (passwordStdin) {
                password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (password == null) {
                    throw new CliException(ExitCode.USAGE, "--password-stdin: nothing on stdin");
                }
            }
            NamedConnection c;
            try {
                c = new NamedConnection(name, url, user, password, autorun);
            } catch (IllegalArgumentException e) {
                throw new CliException(ExitCode.USAGE, e.getMessage());
            }
            NamedConnections.put(connectionsFile(), c);
            out().println("added " + c + " to " + connectionsFile() + "; a notebook uses it with # cellar: sql=@" + name
                    + ", or in one SQL cell with conn=\"@" + name + "\" on its marker line and # cellar: conns=@" + name
                    + " in the header");
            if (password == null) {
                out().println("no password stored: the daemon uses " + NamedConnection.passwordVariable(name)
                        + " from its environment if set (read when it starts), else the driver's own (~/.pgpass)");
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "list", description = "List the named connections (never their passwords).")
    static final class ListConnections extends ConfigCommand {
        @Override
        public Integer call() throws IOException {
            List<NamedConnection> all = NamedConnections.read(connectionsFile());
            if (all.isEmpty()) {
                out().println("no connections in " + connectionsFile() + " (cellar connection add NAME URL)");
            }
            for (NamedConnection c : all) {
                out().println(c);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "remove", description = "Remove a named connection.")
    static final class Remove extends ConfigCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            if (!NamedConnections.remove(connectionsFile(), name)) {
                throw new CliException(ExitCode.FAILED, "no connection named " + name + " in " + connectionsFile());
            }
            out().println("removed @" + name);
            return ExitCode.OK;
        }
    }

    @Command(name = "test", description = {"Open the connection in the daemon, as a notebook would (its drivers, its environment's"
            + " password), and say what answered."})
    static final class Test extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws IOException {
            try (CellarClient client = daemon.connect()) {
                ConnectionTestResult r = client.call(Methods.CONNECTION_TEST, new ConnectionTestParams(name), ConnectionTestResult.class);
                (r.ok() ? out() : err()).println(r.message());
                return r.ok() ? ExitCode.OK : ExitCode.FAILED;
            }
        }
    }
}
