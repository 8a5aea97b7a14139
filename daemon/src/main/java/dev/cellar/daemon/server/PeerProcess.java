package dev.cellar.daemon.server;

import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * Which process is at the other end of a Unix socket connection: the pid the kernel recorded
 * when that process connected ({@code getsockopt(SO_PEERCRED)}), which the client cannot choose
 * or fake, unlike anything it says. The JDK's own {@code SO_PEERCRED} option keeps only the
 * user and group, so the pid is read from the connection's descriptor through the
 * foreign-function API ({@code SocketCredentials}, compiled from src/main/java22 by a JDK 22+;
 * on JDK 21 it is absent and the pid unknown); reaching the descriptor of a JDK socket needs
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} (the daemon's launch flags carry it).
 * A loopback TCP client is found the way {@code ss -p} finds it: its socket in
 * {@code /proc/net/tcp6} or {@code tcp} (the connection's two ends swapped), then the process
 * holding that socket in {@code /proc/<pid>/fd} (the daemon's own user's processes are readable).
 * Where any of that is missing (another platform, a process that already went) the pid is
 * unknown: -1, and whoever relies on it must treat the client as unidentified.
 */
final class PeerProcess {
    private static final System.Logger LOG = System.getLogger("cellar.server");
    private static final MethodHandle PEER_PID = peerPidHandle();
    private static volatile boolean warned;

    private PeerProcess() {
    }

    /** The connected process's pid, or -1 when it cannot be known. */
    static long of(Channel channel) {
        if (channel instanceof io.netty.channel.socket.SocketChannel tcp && tcp.localAddress() != null
                && tcp.remoteAddress() != null) {
            return LoopbackPeer.pid(tcp.remoteAddress(), tcp.localAddress());
        }
        if (!(channel instanceof NioDomainSocketChannel) || PEER_PID == null) {
            return -1;
        }
        try {
            Method javaChannel = io.netty.channel.nio.AbstractNioChannel.class.getDeclaredMethod("javaChannel");
            javaChannel.setAccessible(true);
            Object socket = javaChannel.invoke(channel);
            int fd = (int) Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal").invoke(socket);
            return peerPid(fd);
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.log(System.Logger.Level.WARNING, "cannot tell which process a client is (" + e
                        + "); approvals of agents' calls are refused until the daemon runs with "
                        + "--add-opens java.base/sun.nio.ch=ALL-UNNAMED");
            }
            return -1;
        }
    }

    private static long peerPid(int fd) {
        try {
            return (long) PEER_PID.invokeExact(fd);
        } catch (Throwable e) {
            return -1;
        }
    }

    private static MethodHandle peerPidHandle() {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return null;
        }
        try {
            Class<?> native22 = Class.forName("dev.cellar.daemon.server.SocketCredentials");
            return MethodHandles.lookup().findStatic(native22, "peerPid", MethodType.methodType(long.class, int.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // built or run on JDK 21: no foreign-function API
        }
    }
}
