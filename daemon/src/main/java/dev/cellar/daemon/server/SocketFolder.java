package dev.cellar.daemon.server;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Prepares the socket's folder: created 0700 when missing; an existing one must be ours,
 * private (no group or other access) and not a symlink. Refuses to take over a socket
 * another daemon still answers on; a socket file nobody answers on is stale and removed.
 */
final class SocketFolder {
    private SocketFolder() {
    }

    static void prepare(Path socket) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("refusing socket folder " + dir + ": it is a symlink or not a folder");
        }
        String me = System.getProperty("user.name");
        String owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName();
        if (!owner.equals(me)) {
            throw new IOException("refusing socket folder " + dir + ": owned by " + owner + ", not " + me);
        }
        // an existing folder is never re-permissioned (it may be /tmp, or anyone's): it must already be private
        var mode = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
        if (mode.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
            throw new IOException("refusing socket folder " + dir + ": other users can reach it (mode "
                    + PosixFilePermissions.toString(mode) + "); use a private folder, e.g. CELLAR_SOCKET="
                    + System.getProperty("user.home") + "/.cellar/run/cellar.sock, or chmod 700 it");
        }
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            if (answers(socket)) {
                throw new IOException("another Cellar daemon is already running on " + socket);
            }
            Files.delete(socket);
        }
    }

    static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            return ch.connect(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            return false;
        }
    }

    static void restrict(Path socket) throws IOException {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
    }
}
