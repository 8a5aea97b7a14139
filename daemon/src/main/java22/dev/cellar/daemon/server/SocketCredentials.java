package dev.cellar.daemon.server;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code getsockopt(SO_PEERCRED)} through the foreign-function API (final in JDK 22): the
 * pid the kernel recorded for the process at the other end of a Unix socket. Compiled only
 * by a JDK 22+ and called by name from {@link PeerProcess}, so JDK 21 builds without it.
 */
final class SocketCredentials {
    private static final int SOL_SOCKET = 1;
    private static final int SO_PEERCRED = 17; // Linux on x86_64 and aarch64 (asm-generic)
    private static final MethodHandle GETSOCKOPT = getsockopt();

    private SocketCredentials() {
    }

    /** The peer's pid, or -1 when the kernel does not say. */
    static long peerPid(int fd) {
        if (GETSOCKOPT == null) {
            return -1;
        }
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
