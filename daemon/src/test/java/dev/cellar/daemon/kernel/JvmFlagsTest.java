package dev.cellar.daemon.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JvmFlagsTest {
    @Test
    void jdk21And22GetNoFlagTheyWouldRefuse() {
        assertThat(JvmFlags.graalPy(21)).contains("--enable-native-access=ALL-UNNAMED")
                .noneMatch(f -> f.startsWith("--sun-misc-unsafe-memory-access"));
        assertThat(JvmFlags.graalPy(22)).noneMatch(f -> f.startsWith("--sun-misc-unsafe-memory-access"));
    }

    @Test
    void jdk25AllowsGraalPysUnsafeAccess() {
        assertThat(JvmFlags.graalPy(25)).contains("--enable-native-access=ALL-UNNAMED",
                "--sun-misc-unsafe-memory-access=allow", "-Dpolyglot.engine.WarnInterpreterOnly=false");
    }
}
