package dev.cellar.daemon.store;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code renameat2(RENAME_EXCHANGE)} through the foreign-function API (final in JDK 22): swaps
 * two paths in one atomic step, so the file that was at the target is still there afterwards,
 * under the other name, to be checked. Compiled only by a JDK 22+ and called by name from
 * {@link FileExchange}.
 */
final class Renameat2 {
    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;
    private static final MethodHandle RENAMEAT2 = find();

    private Renameat2() {
    }

    /** Whether the two paths were swapped (false: no renameat2 here, or the kernel or file system refused). */
    static boolean exchange(String a, String b) {
        if (RENAMEAT2 == null) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            int rc = (int) RENAMEAT2.invokeExact(AT_FDCWD, arena.allocateFrom(a), AT_FDCWD, arena.allocateFrom(b),
                    RENAME_EXCHANGE);
            return rc == 0;
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle find() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("renameat2").map(f -> linker.downcallHandle(f, FunctionDescriptor.of(
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT))).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
