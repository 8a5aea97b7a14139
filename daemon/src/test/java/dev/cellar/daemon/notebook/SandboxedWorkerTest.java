package dev.cellar.daemon.notebook;

import static dev.cellar.daemon.notebook.TestNotebook.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cellar.daemon.FakeHome;
import dev.cellar.daemon.TestDaemonParts;
import dev.cellar.daemon.TestPython;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escape attempts from cell code on the user's CPython with {@code sandbox=on}, each with the
 * failure a user would see, and the work a data notebook needs still working. One sandboxed
 * notebook serves the class: each attempt is a cell calling {@code attempt(...)}, which shows
 * the exception or, had the escape worked, what it got.
 */
class SandboxedWorkerTest {
    private static final String ATTEMPT = """
            import os, sys, socket, subprocess, shutil, tempfile, ctypes
            HOME = %s
            OUTSIDE = %s
            def attempt(f):
                try:
                    return 'ESCAPED %%r' %% (f(),)
                except BaseException as e:
                    return '%%s: %%s' %% (type(e).__name__, e)
            """;
    private static final String DENIED = "PermissionError: [Errno 13] Permission denied";
    private static final String NOT_PERMITTED = "PermissionError: [Errno 1] Operation not permitted";

    @TempDir
    static Path root;
    static Path home;
    static Path folder;
    static Path outside;
    static TestNotebook nb;

    @BeforeAll
    static void openASandboxedNotebookInAFakeHome() throws Exception {
        assumeTrue(Files.isExecutable(TestPython.cpython()), "no CPython on this machine");
        home = FakeHome.in(root);
        // a folder of its own in $HOME (in $HOME itself, sandbox=on is refused: all of ~ would be writable)
        folder = Files.createDirectories(home.resolve("project"));
        outside = Files.createDirectories(root.resolve("elsewhere"));
        Files.writeString(outside.resolve("data.csv"), "a,b\n1,2\n3,4\n");
        Files.createSymbolicLink(folder.resolve("out-link"), outside);
        Files.createSymbolicLink(folder.resolve("keys"), home.resolve(".ssh"));
        Files.writeString(folder.resolve("inside.txt"), "mine");
        Files.createDirectories(folder.resolve("work"));
        Files.writeString(Files.createDirectories(folder.resolve("work/tree")).resolve("leaf.txt"), "leaf");

        Map<String, String> env = new HashMap<>(TestPython.CPYTHON.environment());
        env.put("HOME", home.toString());
        env.put("CELLAR_SOCKET", root.resolve("run/cellar.sock").toString());
        Path file = folder.resolve("escape.py");
        Files.writeString(file, "# cellar: sandbox=on\n");
        nb = new TestNotebook(NotebookSession.open("escape", file, false,
                TestDaemonParts.services(new NotebookStore(), env)));
        // a machine that cannot confine (no Landlock, not x86_64) refuses the cells: that path has its own test
        assumeTrue(!"unavailable".equals(nb.snapshot().kernel().sandbox()),
                "this machine cannot confine a worker: " + nb.snapshot().kernel().problem());
        String setup = nb.add(ATTEMPT.formatted(pyString(home), pyString(outside)));
        nb.awaitQuiet();
        assertThat(nb.cell(setup).status()).as("setup cell: %s", nb.cell(setup).error()).isEqualTo(CellStatus.OK);
    }

    @AfterAll
    static void close() {
        if (nb != null) {
            nb.close();
        }
    }

    private static String pyString(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** Runs one cell and returns what it printed or evaluated to. */
    private static String run(String code) {
        String id = nb.add(code);
        nb.awaitQuiet();
        CellInfo cell = nb.cell(id);
        assertThat(cell.status()).as("cell %s: %s", code, cell.error()).isEqualTo(CellStatus.OK);
        return text(cell).replaceAll("^'|'$", "").replaceAll("^\"|\"$", "");
    }

    @Test
    void theKernelSaysItIsConfinedByLandlockAndSeccomp() {
        assertThat(nb.snapshot().kernel().sandbox()).isEqualTo("landlock+seccomp");
        assertThat(nb.snapshot().kernel().problem()).isNull();
    }

    @Test
    void secretsInTheHomeFolderCannotBeReadOrListedEvenThroughALinkInTheNotebooksFolder() {
        assertThat(run("attempt(lambda: open(HOME + '/.ssh/id_ed25519').read())")).startsWith(DENIED);
        assertThat(run("attempt(lambda: os.listdir(HOME + '/.ssh'))")).startsWith(DENIED);
        assertThat(run("attempt(lambda: open('keys/id_ed25519').read())")).startsWith(DENIED);
        assertThat(run("attempt(lambda: open(HOME + '/.config/cellar/assistant.properties').read())")).startsWith(DENIED);
        assertThat(run("attempt(lambda: open(HOME + '/.netrc').read())")).startsWith(DENIED);
        // from outside the folder's hierarchy Landlock refuses the link as a cross-device one (EXDEV)
        assertThat(run("attempt(lambda: os.link(HOME + '/.ssh/id_ed25519', 'stolen'))"))
                .matches("(PermissionError: \\[Errno 13]|OSError: \\[Errno 18]).*");
        assertThat(folder.resolve("stolen")).doesNotExist();
    }

    @Test
    void theTrustRecordsCanBeNeitherReadNorWritten() {
        String records = pyString(home.resolve(".local/state/cellar"));
        assertThat(home.resolve(".local/state/cellar/trust.json")).as("made when the notebook opened").exists();
        assertThat(run("attempt(lambda: open(" + records + " + '/trust.json').read())")).startsWith(DENIED);
        assertThat(run("attempt(lambda: os.listdir(" + records + "))")).startsWith(DENIED);
        assertThat(run("attempt(lambda: open(" + records + " + '/trust.json', 'a').write('{}'))")).startsWith(DENIED);
        assertThat(run("attempt(lambda: open(" + records + " + '/planted.json', 'w').write('{}'))")).startsWith(DENIED);
    }

    @Test
    void nothingCanBeWrittenOutsideTheNotebooksFolder() {
        assertThat(run("attempt(lambda: open(OUTSIDE + '/abs.txt', 'w').write('x'))")).startsWith(DENIED);
        assertThat(run("attempt(lambda: open('../up.txt', 'w').write('x'))")).startsWith(DENIED);
        assertThat(run("attempt(lambda: open('out-link/through-link.txt', 'w').write('x'))")).startsWith(DENIED);
        assertThat(run("attempt(lambda: os.rename('inside.txt', OUTSIDE + '/moved.txt'))")).startsWith("PermissionError");
        assertThat(run("attempt(lambda: shutil.copy('inside.txt', OUTSIDE + '/copied.txt'))")).startsWith(DENIED);
        assertThat(run("attempt(lambda: os.link('inside.txt', OUTSIDE + '/hard.txt'))")).startsWith(DENIED);
        // a link made inside would lead SQL cells (DuckDB, in the daemon) out of the folder
        assertThat(run("attempt(lambda: os.symlink('/etc', 'work/etc-link'))")).startsWith(DENIED);
        assertThat(run("attempt(lambda: open(os.path.join(sys.prefix, 'lib', 'cellar-was-here.py'), 'w'))"))
                .startsWith(DENIED);
        assertThat(outside).isDirectoryNotContaining(p -> !p.getFileName().toString().equals("data.csv"));
        assertThat(home.resolve("up.txt")).doesNotExist();
        assertThat(folder.resolve("inside.txt")).hasContent("mine");
    }

    @Test
    void noTcpOrUdpSocketCanBeOpened() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
             DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            assertThat(run("attempt(lambda: socket.create_connection(('127.0.0.1', " + listener.getLocalPort() + "), timeout=5))"))
                    .startsWith(DENIED);
            assertThat(run("attempt(lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', "
                    + udp.getLocalPort() + ")))")).startsWith(DENIED);
            assertThat(run("attempt(lambda: socket.socket(socket.AF_UNIX).connect(" + pyString(root.resolve("run/cellar.sock"))
                    + "))")).startsWith(DENIED);
            assertThat(run("attempt(lambda: len(socket.socketpair()))")).isEqualTo("ESCAPED 2"); // asyncio's self-pipe
            listener.setSoTimeout(200);
            udp.setSoTimeout(200);
            assertThat(catchTimeout(listener::accept)).as("a TCP connection reached the test").isTrue();
            assertThat(catchTimeout(() -> udp.receive(new DatagramPacket(new byte[16], 16)))).as("a datagram arrived").isTrue();
        }
    }

    private interface Io {
        void run() throws IOException;
    }

    private static boolean catchTimeout(Io io) throws IOException {
        try {
            io.run();
            return false;
        } catch (SocketTimeoutException expected) {
            return true;
        }
    }

    @Test
    void noNewProgramCanBeStartedNorAnotherProcessRead() {
        assertThat(run("attempt(lambda: subprocess.run(['true']))")).startsWith(NOT_PERMITTED);
        assertThat(run("attempt(lambda: os.execv('/bin/true', ['true']))")).startsWith(NOT_PERMITTED);
        // os.system cannot raise: its shell is never started (127 = "could not run the command")
        assertThat(run("attempt(lambda: os.waitstatus_to_exitcode(os.system('touch ran-by-system')))")).isEqualTo("ESCAPED 127");
        assertThat(folder.resolve("ran-by-system")).doesNotExist();
        assertThat(run("""
                libc = ctypes.CDLL(None, use_errno=True)
                argv = (ctypes.c_char_p * 2)(b'/bin/true', None)
                (libc.execve(b'/bin/true', argv, None), ctypes.get_errno(), libc.socket(2, 1, 0), ctypes.get_errno())""")
        ).isEqualTo("(-1, 1, -1, 13)");
        assertThat(run("""
                r, w = os.pipe()
                pid = os.fork()
                if pid == 0:
                    os.close(r)
                    os.write(w, attempt(lambda: os.execv('/bin/true', ['true'])).encode())
                    os._exit(0)
                os.close(w)
                os.waitpid(pid, 0)
                os.read(r, 200).decode()""")).startsWith(NOT_PERMITTED);
        long daemon = ProcessHandle.current().pid();
        assertThat(run("attempt(lambda: open('/proc/" + daemon + "/environ', 'rb').read())")).startsWith(DENIED);
        assertThat(run("attempt(lambda: open('/proc/" + daemon + "/mem', 'rb').read(1))")).startsWith(DENIED);
        assertThat(run("attempt(lambda: os.kill(" + daemon + ", 0))")).startsWith(NOT_PERMITTED);
        assertThat(run("sorted(k for k in os.environ if k.startswith(('OPENAI_', 'CELLAR_', 'ANTHROPIC_')))")).isEqualTo("[]");
    }

    private static final String REFUSED = NOT_PERMITTED + " (refused by Cellar's sandbox: ";

    @Test
    void fileModesOwnersAttributesAndTimesCannotBeChangedAnywhere() throws IOException {
        Path secret = home.resolve(".ssh/id_ed25519");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        FileTime before = Files.getLastModifiedTime(folder.resolve("inside.txt"));
        assertThat(run("attempt(lambda: os.chmod(HOME + '/.ssh/id_ed25519', 0o604))")).startsWith(REFUSED + "chmod)");
        assertThat(run("attempt(lambda: os.chmod('inside.txt', 0o777))")).startsWith(REFUSED + "chmod)");
        assertThat(run("attempt(lambda: os.chmod('work', 0o777))")).startsWith(REFUSED + "chmod)");
        assertThat(run("""
                _fd = os.open('inside.txt', os.O_RDONLY)
                try:
                    _r = attempt(lambda: os.fchmod(_fd, 0o777))
                finally:
                    os.close(_fd)
                _r""")).startsWith(REFUSED + "fchmod)");
        // below Python: the kernel's refusal, whatever calls it
        assertThat(run("""
                _libc = ctypes.CDLL(None, use_errno=True)
                (_libc.chmod(b'inside.txt', 0o777), ctypes.get_errno(), _libc.syscall(452, -100, b'inside.txt', 0o777, 0),
                 ctypes.get_errno(), _libc.chown(b'inside.txt', 0, 0), ctypes.get_errno())"""))
                .isEqualTo("(-1, 1, -1, 1, -1, 1)");
        assertThat(run("attempt(lambda: os.chown('inside.txt', os.getuid(), os.getgid()))")).startsWith(REFUSED + "chown)");
        assertThat(run("attempt(lambda: os.chown(HOME + '/.netrc', 0, 0))")).startsWith(REFUSED + "chown)");
        assertThat(run("attempt(lambda: os.setxattr('inside.txt', 'user.cellar', b'x'))")).startsWith(REFUSED + "setxattr)");
        assertThat(run("attempt(lambda: os.setxattr('inside.txt', 'system.posix_acl_access', b'x'))"))
                .startsWith(REFUSED + "setxattr)");
        assertThat(run("attempt(lambda: os.removexattr('inside.txt', 'user.cellar'))")).startsWith(REFUSED + "removexattr)");
        assertThat(run("attempt(lambda: os.utime('inside.txt', (0, 0)))")).startsWith(REFUSED + "utime)");
        assertThat(run("attempt(lambda: os.utime(HOME + '/.netrc'))")).startsWith(REFUSED + "utime)");
        assertThat(Files.getPosixFilePermissions(secret)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(folder.resolve("inside.txt")))
                .doesNotContain(PosixFilePermission.OTHERS_WRITE);
        assertThat(Files.getLastModifiedTime(folder.resolve("inside.txt"))).isEqualTo(before);
    }

    @Test
    void noDeviceNodeOrFifoCanBeMade() {
        assertThat(run("attempt(lambda: os.mknod('null', 0o020666, os.makedev(1, 3)))"))
                .startsWith(REFUSED + "mknod)");
        assertThat(run("attempt(lambda: os.mknod('disk', 0o060666, os.makedev(8, 0)))"))
                .startsWith(REFUSED + "mknod)");
        assertThat(run("attempt(lambda: os.mkfifo('fifo'))")).startsWith(REFUSED + "mkfifo)");
        assertThat(run("attempt(lambda: os.mknod('work/plain'))")).isEqualTo("ESCAPED None"); // a regular file: harmless
        assertThat(folder.resolve("null")).doesNotExist();
        assertThat(folder.resolve("disk")).doesNotExist();
        assertThat(folder.resolve("fifo")).doesNotExist();
    }

    @Test
    void noCapabilityIsLeftAndNoneCanBeGained() {
        String status = run("""
                _fields = dict(l.split(':', 1) for l in open('/proc/self/status').read().splitlines())
                ' '.join('%s=%s' % (k, _fields[k].strip())
                         for k in ('CapInh', 'CapPrm', 'CapEff', 'CapBnd', 'CapAmb', 'NoNewPrivs'))""");
        assertThat(status).contains("CapInh=0000000000000000", "CapPrm=0000000000000000", "CapEff=0000000000000000",
                "CapAmb=0000000000000000", "NoNewPrivs=1");
        if (isRoot()) { // a user's worker has no capability to drop from its bounding set, nor the right to
            assertThat(status).contains("CapBnd=0000000000000000");
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    @Test
    void callsOnTheWholeMachineAreRefused() {
        // fanotify_init, syslog (klogctl: SYSLOG_ACTION_SIZE_BUFFER needs no capability), sethostname,
        // clock_settime, personality(ADDR_NO_RANDOMIZE), chattr's ioctl
        assertThat(run("""
                _libc = ctypes.CDLL(None, use_errno=True)
                def _call(*args):
                    return (_libc.syscall(*args), ctypes.get_errno())
                _ts = (ctypes.c_long * 2)(0, 0)
                _fd = os.open('inside.txt', os.O_RDONLY)
                _flags = ctypes.c_long(0)
                _out = [_call(300, 0, 0), _call(103, 10, None, 0), _call(170, b'cellar', 6), _call(227, 0, _ts),
                        _call(135, 0x0040000), _call(16, _fd, 0x40086602, ctypes.byref(_flags))]
                os.close(_fd)
                _out""")).isEqualTo("[(-1, 1), (-1, 1), (-1, 1), (-1, 1), (-1, 1), (-1, 1)]");
    }

    @Test
    void aDataNotebooksWorkStillRuns() {
        assertThat(run("attempt(lambda: open(OUTSIDE + '/data.csv').read().splitlines()[1])")).isEqualTo("ESCAPED '1,2'");
        assertThat(run("attempt(lambda: open('work/result.txt', 'w').write('saved'))")).isEqualTo("ESCAPED 5");
        assertThat(folder.resolve("work/result.txt")).hasContent("saved");
        assertThat(run("""
                with tempfile.NamedTemporaryFile('w', delete=False) as f:
                    f.write('scratch')
                (os.path.dirname(f.name) == os.environ['TMPDIR'], open(f.name).read())""")).isEqualTo("(True, 'scratch')");
        assertThat(run("attempt(lambda: open('/proc/self/status').read().count('Seccomp:'))")).isEqualTo("ESCAPED 1");
        // copies without the mode and times they cannot set; archives, SQLite
        assertThat(run("(shutil.copy('inside.txt', 'work/copy.txt'), shutil.copy2('inside.txt', 'work/copy2.txt'),"
                + " shutil.copytree('work/tree', 'work/tree-copy') and None,"
                + " shutil.move(tempfile.mkstemp()[1], 'work/moved') and None)"))
                .isEqualTo("('work/copy.txt', 'work/copy2.txt', None, None)");
        assertThat(folder.resolve("work/copy.txt")).hasContent("mine");
        assertThat(folder.resolve("work/tree-copy/leaf.txt")).hasContent("leaf");
        assertThat(run("""
                import zipfile as _zipfile, sqlite3 as _sqlite3, pathlib as _pathlib
                with _zipfile.ZipFile('work/a.zip', 'w') as _z:
                    _z.writestr('a.txt', 'zipped')
                _db = _sqlite3.connect('work/a.sqlite')
                _db.execute('create table t(x)')
                _db.execute('insert into t values (41)')
                _db.commit()
                _pathlib.Path('work/touched').touch()
                _pathlib.Path('work/touched').touch()
                (_zipfile.ZipFile('work/a.zip').read('a.txt').decode(), _db.execute('select x + 1 from t').fetchone()[0])"""))
                .isEqualTo("('zipped', 42)");
        if (TestPython.cpythonHas("pandas")) {
            assertThat(run("import pandas as pd\nint(pd.read_csv(OUTSIDE + '/data.csv')['b'].sum())")).isEqualTo("6");
            assertThat(run("pd.read_csv(OUTSIDE + '/data.csv').to_csv('work/out.csv', index=False)\n"
                    + "int(pd.read_csv('work/out.csv')['a'].sum())")).isEqualTo("4");
        }
        if (TestPython.cpythonHas("matplotlib")) {
            assertThat(run("import matplotlib.pyplot as _plt\n"
                    + "_fig = _plt.figure()\n_plt.plot([1, 2])\n_fig.savefig('work/plot.png')\n_plt.close(_fig)\n"
                    + "open('work/plot.png', 'rb').read(4)")).isEqualTo("b'\\x89PNG");
        }
        if (TestPython.cpythonHas("matplotlib")) {
            String id = nb.add("import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()");
            nb.awaitQuiet();
            assertThat(nb.cell(id).status()).as("%s", nb.cell(id).error()).isEqualTo(CellStatus.OK);
            assertThat(nb.cell(id).outputs()).anySatisfy(o -> assertThat(o).isInstanceOf(
                    dev.cellar.protocol.model.Output.Display.class));
        }
    }
}
