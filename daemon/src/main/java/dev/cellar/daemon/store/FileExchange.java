package dev.cellar.daemon.store;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Path;

/**
 * Swaps two files atomically where Linux and the JDK allow it ({@code renameat2} with
 * {@code RENAME_EXCHANGE}, reached through the foreign-function API of JDK 22+: the class
 * {@code Renameat2} is compiled from src/main/java22). Where it is missing (JDK 21, another
 * platform, a file system that refuses) {@link #swap} says so and the caller renames instead.
 */
final class FileExchange {
    private static final MethodHandle EXCHANGE = find();

    private FileExchange() {
    }

    static boolean available() {
        return EXCHANGE != null;
    }

    /** Whether {@code a} and {@code b} were swapped. */
    static boolean swap(Path a, Path b) {
        if (EXCHANGE == null) {
            return false;
        }
        try {
            return (boolean) EXCHANGE.invokeExact(a.toAbsolutePath().toString(), b.toAbsolutePath().toString());
        } catch (Throwable e) {
            return false;
        }
    }

    private static MethodHandle find() {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return null;
        }
        try {
            Class<?> native22 = Class.forName("dev.cellar.daemon.store.Renameat2");
            return MethodHandles.lookup().findStatic(native22, "exchange",
                    MethodType.methodType(boolean.class, String.class, String.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // built or run on JDK 21
        }
    }
}
