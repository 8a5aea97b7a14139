package dev.cellar.daemon.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The trust records on disk: {@code trust.json} in {@code $XDG_STATE_HOME/cellar/} (else
 * {@code ~/.local/state/cellar/}), a folder only its owner may open (0700) and that no
 * confined cell may read or write (it is on the secrets list). Every change is a locked
 * read-modify-write followed by an atomic rename, so two daemons of one user (a standalone
 * {@code cellar run} beside the shared daemon) never lose each other's records.
 *
 * <p>Shape: {@code {"confinedFolders": [folder, …], "interpreters": {path: {"sha256": …}},
 * "notebooks": {path: {key: value, …}}}}.
 */
public final class TrustStore {
    private static final String FILE = "trust.json";

    private final Path folder;

    public TrustStore(Path folder) {
        this.folder = folder.toAbsolutePath().normalize();
    }

    /** The store of the user whose environment this is ({@code XDG_STATE_HOME}, else {@code HOME}). */
    public static TrustStore of(Map<String, String> env) {
        return new TrustStore(folder(env));
    }

    /** {@code $XDG_STATE_HOME/cellar} when that is an absolute path (as the XDG spec asks), else {@code ~/.local/state/cellar}. */
    public static Path folder(Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        if (state != null && !state.isBlank() && Path.of(state).isAbsolute()) {
            return Path.of(state, "cellar").normalize();
        }
        String home = env.get("HOME");
        Path h = Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
        return h.resolve(".local/state/cellar").toAbsolutePath().normalize();
    }

    public Path folder() {
        return folder;
    }

    /** Makes the folder (0700) if need be: done when the daemon starts, before any cell is confined. */
    public void ensureFolder() {
        try {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the trust folder " + folder + ": " + e.getMessage(), e);
        }
    }

    /**
     * The records as they are now (an empty object when there are none). Writes replace the
     * file by a rename, so a read needs no lock, and never makes the folder (a read-only home
     * still reads).
     */
    public ObjectNode read() {
        try {
            return parse(folder.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trust records in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Changes the records under the lock and writes them back. */
    public void update(Consumer<ObjectNode> change) {
        locked(true, records -> {
            change.accept(records);
            return records;
        });
    }

    private <T> T locked(boolean write, Function<ObjectNode, T> work) {
        // (only writers come here)
        ensureFolder();
        Path file = folder.resolve(FILE);
        try (FileChannel lock = FileChannel.open(folder.resolve("trust.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock held = lock.lock()) {
            ObjectNode records = parse(file);
            T result = work.apply(records);
            if (write) {
                Path temp = folder.resolve(FILE + ".tmp");
                byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(records)
                        .getBytes(StandardCharsets.UTF_8);
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    out.write(java.nio.ByteBuffer.wrap(bytes));
                    out.force(true);
                }
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the trust records in " + folder + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode parse(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Json.MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException damaged) {
            node = null;
        }
        // a damaged file trusts nothing (everything asks again), rather than stopping the daemon
        return node instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
    }
}
