package dev.cellar.daemon.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * The flags a JVM that runs GraalPy needs, by the JDK's feature version: the daemon's own
 * worker JVMs and the tests that start a daemon process take them from here. (The launcher
 * scripts, bench/run and the pom choose the same by the same rule in their own languages.)
 */
public final class JvmFlags {
    private JvmFlags() {
    }

    /** For the JDK this JVM runs on. */
    public static List<String> graalPy() {
        return graalPy(Runtime.version().feature());
    }

    /** A daemon JVM's: GraalPy's, and Netty's access to the JDK's socket channels. */
    public static List<String> daemon() {
        List<String> flags = new ArrayList<>(graalPy());
        flags.add("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        return flags;
    }

    static List<String> graalPy(int jdkFeature) {
        List<String> flags = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED",
                "-Dpolyglot.engine.WarnInterpreterOnly=false"));
        if (jdkFeature >= 23) {
            // GraalPy uses sun.misc.Unsafe, which JDK 23+ warns about (24+ may deny); JDK 21 and 22 refuse the flag
            flags.add("--sun-misc-unsafe-memory-access=allow");
        }
        return flags;
    }
}
