package dev.cellar.daemon.sql;

import dev.cellar.protocol.config.DriverFolder;
import dev.cellar.protocol.config.UserConfig;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * The JDBC drivers the user added ({@code cellar driver add}): the jars in the drivers' folder
 * ({@link UserConfig#jdbcFolder}), each driver in a class loader of its own whose parent is the
 * platform loader, so a driver never sees the daemon's classes nor another driver's (two
 * drivers may bring different versions of one library). Never on the daemon's class path.
 *
 * <p>The folder is looked at again whenever a notebook opens a connection, so a running daemon
 * uses a driver added after it started; a driver whose jars did not change keeps its loader.
 * A driver runs inside the daemon with its rights (H2's {@code CREATE ALIAS} runs Java, SQLite
 * can {@code ATTACH} any path): SQL through one is unconfined, like SQL on a server.
 */
public final class AddedDrivers {
    private static final System.Logger LOG = System.getLogger("cellar.sql");

    private final Map<String, String> environment;
    private final Supplier<Collection<Path>> notebookFolders;
    private final Map<Path, Loaded> loaded = new HashMap<>();

    private record Loaded(String stamp, URLClassLoader loader, List<Driver> drivers) {
    }

    /**
     * {@code environment}: where the folder is ({@code CELLAR_JDBC_PATH}); {@code notebookFolders}:
     * the folders of the open notebooks, none of which may hold the drivers (a cell could write a jar
     * there that the daemon would then run).
     */
    public AddedDrivers(Map<String, String> environment, Supplier<Collection<Path>> notebookFolders) {
        this.environment = Map.copyOf(environment);
        this.notebookFolders = notebookFolders;
    }

    public Path folder() {
        return UserConfig.jdbcFolder(environment);
    }

    /** The added driver that accepts {@code url}, or null when none does. */
    public synchronized Driver driverFor(String url) throws SQLException {
        Path folder = folder();
        String refusal = refusal(folder);
        if (refusal != null) {
            throw new SqlSetupException("SqlNoDriver", refusal);
        }
        List<DriverFolder.Entry> entries;
        try {
            entries = DriverFolder.entries(folder);
        } catch (IOException e) {
            throw new SQLException("cannot read the drivers' folder " + folder + ": " + e.getMessage(), e);
        }
        Map<Path, Loaded> now = new HashMap<>();
        for (DriverFolder.Entry e : entries) {
            Loaded before = loaded.get(e.location());
            now.put(e.location(), before != null && before.stamp().equals(e.stamp()) ? before : load(e));
        }
        // a removed or replaced driver's loader is left to the collector: a connection still open may use its classes
        loaded.clear();
        loaded.putAll(now);
        for (DriverFolder.Entry e : entries) {
            for (Driver d : loaded.get(e.location()).drivers()) {
                if (d.acceptsURL(url)) {
                    return d;
                }
            }
        }
        return null;
    }

    /** Why the folder's drivers are not loaded: a {@code CELLAR_JDBC_PATH} inside a notebook's folder. */
    private String refusal(Path folder) {
        if (!UserConfig.jdbcFolderOverridden(environment)) {
            return null; // ~/.config/cellar is among the secrets no confined cell reaches
        }
        Path real = realOrSame(folder);
        for (Path notebookFolder : notebookFolders.get()) {
            if (real.startsWith(realOrSame(notebookFolder))) {
                return UserConfig.JDBC_PATH_VARIABLE + "=" + folder + " lies inside the folder of the notebook in "
                        + notebookFolder + ", where a cell could put a jar the daemon would run: no added driver is loaded"
                        + " until it points elsewhere (the daemon reads it when it starts)";
            }
        }
        return null;
    }

    private static Path realOrSame(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static Loaded load(DriverFolder.Entry e) {
        List<URL> urls = new ArrayList<>();
        for (Path jar : e.jars()) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        URLClassLoader loader = new URLClassLoader("jdbc-" + e.name(), urls.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        List<Driver> drivers = new ArrayList<>();
        try {
            for (Driver d : ServiceLoader.load(Driver.class, loader)) {
                if (d.getClass().getClassLoader() == loader) {
                    drivers.add(d);
                }
            }
        } catch (ServiceConfigurationError | LinkageError broken) {
            LOG.log(System.Logger.Level.WARNING, "the driver " + e.name() + " in " + e.location() + " could not be loaded", broken);
        }
        return new Loaded(e.stamp(), loader, List.copyOf(drivers));
    }

}
