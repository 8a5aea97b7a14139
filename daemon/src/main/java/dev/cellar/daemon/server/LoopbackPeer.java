package dev.cellar.daemon.server;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The process at the other end of a loopback TCP connection, as {@code ss -tp} finds it: the
 * client's socket is the line of {@code /proc/net/tcp} (or {@code tcp6}) whose local address is
 * the connection's remote one and whose remote address is ours; its inode names the socket that
 * one process holds open in {@code /proc/<pid>/fd}. -1 when it cannot be found.
 */
final class LoopbackPeer {
    private LoopbackPeer() {
    }

    static long pid(InetSocketAddress client, InetSocketAddress server) {
        try {
            String inode = null;
            for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
                inode = inode(Path.of(table), client, server);
                if (inode != null) {
                    break;
                }
            }
            return inode == null ? -1 : holder("socket:[" + inode + "]");
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String inode(Path table, InetSocketAddress client, InetSocketAddress server) throws IOException {
        if (!Files.isReadable(table)) {
            return null;
        }
        boolean v6 = table.getFileName().toString().endsWith("6");
        String local = hex(client, v6);
        String remote = hex(server, v6);
        for (String line : Files.readAllLines(table)) {
            String[] f = line.strip().split("\\s+");
            if (f.length > 9 && f[1].equals(local) && f[2].equals(remote)) {
                return f[9];
            }
        }
        return null;
    }

    /** An address as the kernel prints it there: each 32-bit word in host (little-endian) order, then the port. */
    private static String hex(InetSocketAddress a, boolean v6) {
        byte[] ip = a.getAddress().getAddress();
        if (v6 && a.getAddress() instanceof Inet4Address) { // a v4 client of a dual-stack socket: ::ffff:a.b.c.d
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(ip, 0, mapped, 12, 4);
            ip = mapped;
        } else if (!v6 && ip.length != 4) {
            return "";
        }
        byte[] swapped = new byte[ip.length];
        for (int word = 0; word < ip.length; word += 4) {
            for (int i = 0; i < 4; i++) {
                swapped[word + i] = ip[word + 3 - i];
            }
        }
        return HexFormat.of().formatHex(swapped).toUpperCase(Locale.ROOT) + ":" + String.format("%04X", a.getPort());
    }

    private static long holder(String socket) throws IOException {
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (socket.equals(readLink(fd))) {
                            return Long.parseLong(proc.getFileName().toString());
                        }
                    }
                } catch (IOException | SecurityException notOurs) {
                    // another user's process, or one that just ended
                }
            }
        }
        return -1;
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }
}
