package dev.cellar.daemon.server;

import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.reflect.Method;

/**
 * Which process is at the other end of a Unix socket connection: the pid the kernel recorded
 * when that process connected ({@code getsockopt(SO_PEERCRED)}), which the client cannot choose
 * or fake, unlike anything it says. The JDK's own {@code SO_PEERCRED} option keeps only the
 * user and group, so the pid is read from the connection's descriptor through the
 * foreign-function API; reaching the descriptor of a JDK socket needs
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} (the daemon's launch flags carry it).
 * A loopback TCP client is found the way {@code ss -p} finds it: its socket in
 * {@code /proc/net/tcp6} or {@code tcp} (the connection's two ends swapped), then the process
 * holding that socket in {@code /proc/<pid>/fd} (the daemon's own user's processes are readable).
 * Where any of that is missing (another platform, a process that already went) the pid is
 * unknown: -1, and whoever relies on it must treat the client as unidentified.
 */
final class PeerProcess {
    private static final System.Logger LOG = System.getLogger("cellar.server");
    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERCRED = 17; // Linux on x86_64 and aarch64 (asm-generic)
    private static final MethodHandle GETSOCKOPT = getsockopt();
    private static volatile boolean warned;

    private PeerProcess() {
    }

    /** The connected process's pid, or -1 when it cannot be known. */
    static long of(Channel channel) {
        if (channel instanceof io.netty.channel.socket.SocketChannel tcp && tcp.localAddress() != null
                && tcp.remoteAddress() != null) {
            return LoopbackPeer.pid(tcp.remoteAddress(), tcp.localAddress());
        }
        if (!(channel instanceof NioDomainSocketChannel) || GETSOCKOPT == null) {
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
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ucred = arena.allocate(12, 4); // struct ucred { pid_t pid; uid_t uid; gid_t gid; }
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, 12);
            int rc = (int) GETSOCKOPT.invokeExact(fd, SOL_SOCKET, SO_PEERCRED, ucred, length);
            int pid = ucred.get(ValueLayout.JAVA_INT, 0);
            return rc == 0 && pid > 0 ? pid : -1;
        } catch (Throwable e) {
            return -1;
        }
    }

    private static MethodHandle getsockopt() {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("getsockopt").map(f -> linker.downcallHandle(f, FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
