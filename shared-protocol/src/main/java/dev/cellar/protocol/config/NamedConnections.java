package dev.cellar.protocol.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The user's connections file ({@link UserConfig#connectionsFile}): JSON,
 * {@code {"NAME": {"url": …, "user": …, "password": …, "autorun": true}}}, mode 0600 in a 0700 folder. The
 * {@code cellar connection} commands write it; the daemon reads it when a notebook opens its
 * database, so a connection added or changed needs no daemon restart.
 */
public final class NamedConnections {
    private NamedConnections() {
    }

    /** The connections in the file, in its order; none when there is no file. */
    public static List<NamedConnection> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode root = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        List<NamedConnection> all = new ArrayList<>();
        if (root != null && root.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode c = e.getValue();
                all.add(new NamedConnection(e.getKey(), c.path("url").asText(null), text(c, "user"), text(c, "password"),
                        c.path("autorun").asBoolean(false)));
            }
        }
        return all;
    }

    public static Optional<NamedConnection> find(Path file, String name) throws IOException {
        return read(file).stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Adds or replaces {@code connection}. */
    public static void put(Path file, NamedConnection connection) throws IOException {
        List<NamedConnection> all = new ArrayList<>(read(file));
        all.removeIf(c -> c.name().equals(connection.name()));
        all.add(connection);
        write(file, all);
    }

    /** Whether there was such a connection to remove. */
    public static boolean remove(Path file, String name) throws IOException {
        List<NamedConnection> all = new ArrayList<>(read(file));
        boolean removed = all.removeIf(c -> c.name().equals(name));
        if (removed) {
            write(file, all);
        }
        return removed;
    }

    /** Written to a 0600 temp file beside it and renamed over it: never readable by others, never half written. */
    private static void write(Path file, List<NamedConnection> all) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        ObjectNode root = Json.MAPPER.createObjectNode();
        for (NamedConnection c : all) {
            ObjectNode o = root.putObject(c.name());
            o.put("url", c.url());
            if (c.user() != null) {
                o.put("user", c.user());
            }
            if (c.password() != null) {
                o.put("password", c.password());
            }
            if (c.autorun()) {
                o.put("autorun", true);
            }
        }
        Path temp = Files.createTempFile(folder, ".connections-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n",
                    StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
