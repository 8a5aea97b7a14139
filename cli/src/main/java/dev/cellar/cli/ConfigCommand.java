package dev.cellar.cli;

import dev.cellar.protocol.config.UserConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Spec;

/** A command on the user's own configuration (drivers, connections): works without a daemon. */
abstract class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    /** The drivers' folder, as this command's environment says ({@code CELLAR_JDBC_PATH}). */
    Path jdbcFolder() {
        return UserConfig.jdbcFolder(System.getenv());
    }

    Path connectionsFile() {
        return UserConfig.connectionsFile(System.getenv());
    }

    java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
