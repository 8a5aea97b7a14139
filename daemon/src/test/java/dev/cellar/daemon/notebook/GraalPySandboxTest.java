package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cellar.daemon.FakeHome;
import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Escape attempts from cell code against the GraalPy kernel (a worker JVM of its own), with
 * the notebook saved in a temp {@code $HOME} holding fake secrets: each attempt must fail
 * the way a user would see it, and leave nothing changed outside the folder. One notebook
 * serves every test (a worker start costs seconds); cells only bind {@code _}-names, so
 * they never depend on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraalPySandboxTest {
    private Path base;
    private Path home;
    private Path outside;
    private TestNotebook nb;

    @BeforeAll
    void openANotebookInHome() throws IOException {
        base = Files.createTempDirectory("cellar-graalpy-escapes-").toRealPath();
        home = FakeHome.in(base);
        outside = Files.createDirectories(base.resolve("outside"));
        Files.writeString(home.resolve("data.txt"), "inside");
        Files.writeString(base.resolve("parent.txt"), "the folder's parent");
        Files.writeString(outside.resolve("other.txt"), "another folder");
        nb = new TestNotebook(NotebookSession.open("sandbox", home.resolve("sandbox.py"), true,
                TestDaemonParts.services(new NotebookStore(), TestPython.GRAALPY, home)));
    }

    @AfterAll
    void close() throws IOException {
        if (nb != null) {
            nb.close();
        }
        try (Stream<Path> files = Files.walk(base)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private CellInfo run(String code) {
        String id = nb.add(code);
        nb.awaitQuiet();
        return nb.cell(id);
    }

    private void assertFails(String code, String ename) {
        CellInfo cell = run(code);
        assertThat(cell.status()).as("%s ran: %s", code, text(cell)).isEqualTo(CellStatus.ERROR);
        assertThat(cell.error().ename()).as("%s: %s", code, cell.error().message()).isEqualTo(ename);
    }

    private static Stream<String> listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @Test
    void theKernelSaysItIsConfinedByGraalPy() {
        assertThat(nb.snapshot().kernel().sandbox()).isEqualTo("graalpy");
    }

    @Test
    void theUsersSecretsInHomeCannotBeReadOrListedEvenThroughALink() throws IOException {
        Files.createSymbolicLink(home.resolve("keys"), home.resolve(".ssh"));
        assertFails("open('.ssh/id_ed25519').read()", "PermissionError");
        assertFails("open('" + home.resolve(".ssh/id_ed25519") + "').read()", "PermissionError");
        assertFails("__import__('os').listdir('.ssh')", "PermissionError");
        assertFails("open('keys/id_ed25519').read()", "PermissionError");
        assertFails("open('.config/cellar/assistant.properties').read()", "PermissionError");
        assertFails("open('.netrc').read()", "PermissionError");
        // the rest of the folder stays the notebook's
        assertThat(text(run("open('data.txt').read()"))).isEqualTo("'inside'");
    }

    @Test
    void writesOutsideTheFolderFailAndCreateNothing() throws IOException {
        assertFails("open('" + outside.resolve("abs.txt") + "', 'w').write('x')", "PermissionError");
        assertFails("open('../outside/up.txt', 'w').write('x')", "PermissionError");
        assertFails("import os as _os\n_os.rename('data.txt', '" + outside.resolve("moved.txt") + "')", "PermissionError");
        assertFails("import shutil as _shutil\n_shutil.copy('data.txt', '" + outside.resolve("copied.txt") + "')",
                "PermissionError");
        // GraalPy 25.2's os.link links the source onto itself (it drops the destination): EEXIST, whatever the folder
        assertFails("import os as _os\n_os.link('data.txt', '" + outside.resolve("hard.txt") + "')", "FileExistsError");
        assertFails("import os as _os\n_os.link('" + outside.resolve("other.txt") + "', 'hard-in.txt')", "PermissionError");
        assertThat(listing(outside)).doesNotContain("abs.txt", "up.txt", "moved.txt", "copied.txt", "hard.txt");
        assertThat(home.resolve("hard-in.txt")).doesNotExist();
        assertThat(home.resolve("data.txt")).hasContent("inside");
    }

    @Test
    void linksMadeInsideTheFolderToAFileToRootAndToAnotherFolderLeadNowhere() throws IOException {
        Files.createSymbolicLink(home.resolve("to-file"), outside.resolve("other.txt"));
        Files.createSymbolicLink(home.resolve("to-root"), Path.of("/"));
        Files.createSymbolicLink(home.resolve("to-folder"), outside);
        assertFails("open('to-file').read()", "PermissionError");
        assertFails("open('to-file', 'a').write('x')", "PermissionError");
        assertFails("__import__('os').listdir('to-root')", "PermissionError");
        assertFails("open('to-root/etc/passwd').read()", "PermissionError");
        assertFails("__import__('os').listdir('to-folder')", "PermissionError");
        assertFails("open('to-folder/other.txt').read()", "PermissionError");
        assertFails("open('to-folder/new.txt', 'w').write('x')", "PermissionError");
        assertThat(listing(outside)).doesNotContain("new.txt");
        assertThat(outside.resolve("other.txt")).hasContent("another folder");
    }

    @Test
    void aLinkSwappedBackAndForthWhileACellReadsThroughItNeverLeadsOut() throws Exception {
        Files.createDirectories(home.resolve("safe"));
        Files.writeString(home.resolve("safe/f.txt"), "in");
        Files.writeString(outside.resolve("f.txt"), "OUT");
        Path flip = home.resolve("flip");
        Files.createSymbolicLink(flip, Path.of("safe"));
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread swapper = Thread.ofPlatform().name("swapper").start(() -> {
            Path next = home.resolve("flip.next");
            for (long i = 0; !stop.get(); i++) {
                try {
                    Files.deleteIfExists(next);
                    Files.createSymbolicLink(next, i % 2 == 0 ? outside : Path.of("safe"));
                    Files.move(next, flip, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        try {
            CellInfo reads = run("""
                    _seen = {'in': 0, 'OUT': 0, 'denied': 0}
                    for _ in range(1500):
                        try:
                            with open('flip/f.txt') as _f:
                                _seen[_f.read()] += 1
                        except PermissionError:
                            _seen['denied'] += 1
                    _seen""");
            String seen = text(reads);
            assertThat(seen).contains("'OUT': 0").doesNotContain("'in': 0").doesNotContain("'denied': 0");
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertThat(outside.resolve("f.txt")).hasContent("OUT");
    }

    @Test
    void aRelativeChainOfLinksACellMakesCannotClimbAboveTheFolder() {
        CellInfo made = run("import os as _os\n_os.makedirs('s', exist_ok=True)\n_os.symlink('.', 's/z')\n"
                + "_os.symlink('z/..', 's/u0')\n_os.symlink('u0/..', 's/u1')");
        assertThat(made.status()).as("%s", made.error()).isEqualTo(CellStatus.OK);
        // s/u0 is the folder itself: fine; s/u1 is its parent: not
        assertThat(text(run("open('s/u0/data.txt').read()"))).isEqualTo("'inside'");
        assertFails("open('s/u1/parent.txt').read()", "PermissionError");
        assertFails("__import__('os').listdir('s/u1')", "PermissionError");
        assertFails("open('s/u1/planted.txt', 'w').write('x')", "PermissionError");
        assertThat(base.resolve("planted.txt")).doesNotExist();
    }

    @Test
    void graalPysOwnHomeIsReadOnly() throws IOException {
        Path prefix = Path.of(text(run("__import__('sys').prefix")).replace("'", ""));
        Path decimal = prefix.resolve("lib/python3.12/decimal.py");
        byte[] before = Files.readAllBytes(decimal);
        assertFails("import decimal as _d\nopen(_d.__file__, 'a').write('\\nprint(\"backdoor\")\\n')", "PermissionError");
        assertFails("import sys as _sys\nopen(_sys.prefix + '/lib/python3.12/planted.py', 'w').write('x')", "PermissionError");
        assertFails("import sys as _sys, os as _os\n_os.mkdir(_sys.prefix + '/planted')", "PermissionError");
        assertFails("import sys as _sys, os as _os\n_os.remove(_sys.prefix + '/lib/python3.12/this.py')", "PermissionError");
        assertFails("import sys as _sys, os as _os\n_os.rename(_sys.prefix + '/lib/python3.12/this.py', 'this.py')",
                "PermissionError");
        assertThat(Files.readAllBytes(decimal)).isEqualTo(before);
        assertThat(prefix.resolve("lib/python3.12/planted.py")).doesNotExist();
        assertThat(prefix.resolve("lib/python3.12/this.py")).exists();
        assertThat(text(run("import decimal as _d\nstr(_d.Decimal('1.5') * 2)"))).isEqualTo("'3.0'");
    }

    @Test
    void noSocketsInOrOut() throws IOException {
        try (ServerSocketChannel tcp = ServerSocketChannel.open();
             DatagramChannel udp = DatagramChannel.open()) {
            tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            tcp.configureBlocking(false);
            udp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            udp.configureBlocking(false);
            int tcpPort = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
            int udpPort = ((InetSocketAddress) udp.getLocalAddress()).getPort();
            assertFails("import socket as _s\n_s.create_connection(('127.0.0.1', " + tcpPort + "), timeout=5)",
                    "UnsupportedOperation");
            assertFails("import socket as _s\n_s.socket(_s.AF_INET, _s.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', " + udpPort + "))",
                    "UnsupportedOperation");
            // the cells are over: a connection or a datagram would be waiting now
            assertThat(tcp.accept()).isNull();
            assertThat(udp.receive(ByteBuffer.allocate(16))).isNull();
        }
    }

    @Test
    void noProcessesNativeCodeOrForks() {
        assertFails("import subprocess as _sp\n_sp.run(['true'])", "FileNotFoundError");
        assertFails("import subprocess as _sp\n_sp.run(['/bin/true'])", "FileNotFoundError"); // no file outside is there
        assertFails("import os as _os\n_os.system('true')", "PermissionError");
        assertFails("import os as _os\n_os.execv('/bin/true', ['true'])", "PermissionError");
        assertFails("import ctypes as _c\n_c.CDLL(None).execve", "ImportError");
        assertFails("import os as _os\n_os.fork()", "AttributeError");
        // and the kernel is still there
        assertThat(text(run("6 * 7"))).isEqualTo("42");
    }

    @Test
    void theDaemonsEnvironmentIsOutOfReach() {
        long daemon = ProcessHandle.current().pid();
        assertFails("open('/proc/" + daemon + "/environ', 'rb').read()", "PermissionError");
        assertFails("open('/proc/self/environ', 'rb').read()", "PermissionError");
        // cells see no variable of the worker's environment at all (PATH, HOME, any key the daemon has)
        assertThat(text(run("sorted(k for k in __import__('os').environ if k in ('PATH', 'HOME')"
                + " or k.startswith(('OPENAI_', 'CELLAR_', 'ANTHROPIC_')))"))).isEqualTo("[]");
    }

    @Test
    void cellsWorkInTheFolderAndItsSubfoldersAsBefore() throws IOException {
        Files.writeString(home.resolve("helper_mod.py"), "ANSWER = 42\n");
        Files.createSymbolicLink(home.resolve("alias.txt"), Path.of("data.txt"));
        assertThat(text(run("import os as _os\n_os.makedirs('sub/deeper', exist_ok=True)\n"
                + "with open('sub/deeper/w.txt', 'w') as _f:\n    _f.write('written')\n"
                + "open('sub/deeper/w.txt').read()"))).isEqualTo("'written'");
        assertThat(home.resolve("sub/deeper/w.txt")).hasContent("written");
        assertThat(text(run("import os as _os\n_os.rename('sub/deeper/w.txt', 'sub/w2.txt')\n"
                + "sorted(_os.listdir('sub')), open('" + home.resolve("sub/w2.txt") + "').read()")))
                .isEqualTo("(['deeper', 'w2.txt'], 'written')");
        assertThat(text(run("import os as _os\n_os.remove('sub/w2.txt')\n_os.rmdir('sub/deeper')\n_os.listdir('sub')")))
                .isEqualTo("[]");
        assertThat(text(run("import helper_mod as _m\n_m.ANSWER"))).isEqualTo("42");
        assertThat(text(run("open('alias.txt').read()"))).isEqualTo("'inside'");
        assertThat(text(run("import json as _j, os as _os\n_j.dumps(_os.path.realpath('alias.txt'))")))
                .isEqualTo("'\"" + home.resolve("data.txt") + "\"'");
    }
}
