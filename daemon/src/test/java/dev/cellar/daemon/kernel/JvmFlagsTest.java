package dev.cellar.daemon.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @Test
    void theDaemonGetsGraalPysFlagsAndItsOwn() {
        assertThat(JvmFlags.daemon(21)).containsAll(JvmFlags.graalPy(21))
                .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
        assertThat(JvmFlags.graalPy(25)).doesNotContain("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED");
    }

    /** The pom's argLine writes the flags for the test JVMs in Maven's words: it must say the same. */
    @Test
    void theTestJvmRunsWithTheDaemonsFlags() {
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments()).containsAll(JvmFlags.daemon());
    }

    /** The launcher and bench/run read the same file through the scripts' own reader. */
    @ParameterizedTest
    @ValueSource(ints = {21, 22, 25})
    void theScriptsReadTheSameFlags(int jdk) throws Exception {
        assertThat(scriptFlags("daemon", jdk)).containsExactlyInAnyOrderElementsOf(JvmFlags.daemon(jdk));
        assertThat(scriptFlags("graalpy", jdk)).containsExactlyInAnyOrderElementsOf(JvmFlags.graalPy(jdk));
    }

    private static List<String> scriptFlags(String who, int jdk) throws IOException, InterruptedException {
        Path jdkSh = Path.of("..", "scripts", "lib", "jdk.sh").toAbsolutePath().normalize();
        assertThat(jdkSh).exists();
        Process p = new ProcessBuilder("bash", "-c", ". \"$1\" && CELLAR_JAVA_MAJOR=$2 cellar_jvm_flags $3",
                "bash", jdkSh.toString(), Integer.toString(jdk), who).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            return out.lines().filter(l -> !l.isBlank()).toList();
        } finally {
            p.destroyForcibly();
        }
    }
}
