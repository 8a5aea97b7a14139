package dev.cellar.daemon.kernel.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.kernel.Resources;
import dev.cellar.daemon.execution.Secrets;
import dev.cellar.daemon.kernel.SharedPython;
import dev.cellar.protocol.rpc.Json;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to start a worker: its command, the folder it starts in, the first frame it reads
 * ({@code boot}, null when it needs none), how it hears an interrupt (SIGINT for CPython, an
 * {@code interrupt} frame for the GraalPy worker: a JVM takes SIGINT as a request to exit), and
 * the confinement it must report in its hello before it is used ({@code sandbox}, null: none asked).
 *
 * <p>A CPython worker starts isolated, so nothing planted in the notebook's folder (a
 * {@code json.py}, a {@code sitecustomize.py}, a {@code .pth} file in a {@code .venv} there)
 * runs before it has confined itself: {@code -I} (no working directory on {@code sys.path}, no
 * {@code PYTHON*} variables, no user site-packages), in {@code /}, importing only the standard
 * library; a confined worker and the analyser also with {@code -S} (no site-packages, so no
 * {@code .pth} file or {@code sitecustomize} runs before confinement). worker.py confines itself,
 * then puts back what the person's Python would have (site-packages, user site, {@code PYTHONPATH},
 * the notebook's folder first on the path and as its working directory). {@code -I} exists in
 * every Python 3 Cellar runs ({@code -P} only from 3.11).
 *
 * <p>A confined worker starts as the file its Python resolves to ({@code Interpreter.startedAs}),
 * not as the venv's {@code bin/python} link: a Python reads its venv's {@code pyvenv.cfg} as it
 * starts, beside the path it was started as, and a {@code home =} there that names a folder the
 * cells wrote gives it their standard library (an {@code encodings} module runs before any of
 * worker.py, unconfined). Once confined, worker.py puts the venv back ({@code sys.executable}, then
 * {@code site.main()}, which reads {@code pyvenv.cfg} as a venv's start does).
 */
public record WorkerLaunch(String name, List<String> command, Path directory, ObjectNode boot, boolean interruptBySignal,
                           String sandbox) {
    /** Reads the first frame (the modules and worker.py), loads worker.py as a module and calls its main; stdlib only, any Python 3.9+. */
    private static final String BOOTSTRAP = String.join(";",
            "import sys,struct,json,types",
            "r=sys.stdin.buffer",
            "n=struct.unpack('>I',r.read(4))[0]",
            "b=json.loads(r.read(n).decode('utf-8'))",
            "exec(\"for k,v in b['modules'].items():\\n m=types.ModuleType(k);exec(compile(v,k+'.py','exec'),m.__dict__);"
                    + "sys.modules[k]=m\")",
            "w=types.ModuleType('cellar_worker');sys.modules['cellar_worker']=w",
            "exec(compile(b['main'],'cellar_worker.py','exec'),w.__dict__)",
            "w.main(b['config'])");

    /** Where a CPython worker starts: a folder no other user can write (worker.py moves to the notebook's). */
    private static final Path ISOLATED_START = Path.of("/");

    /**
     * Extra JVM options for GraalPy workers, set by the launcher: the class-data archive it
     * trains once per build, which cuts a worker's start by about a quarter.
     */
    public static final String GRAALPY_JVM_FLAGS = "CELLAR_GRAALPY_JVM_FLAGS";

    /**
     * The user's Python running worker.py, which the daemon sends it: nothing is installed into
     * that Python. {@code folder} is the notebook's (null: a worker that runs no cell, the
     * analyser, which stays in {@code /} with the standard library alone).
     */
    public static WorkerLaunch python(Interpreter interpreter, Map<String, Object> config, Path folder,
                                      Map<String, String> daemonEnvironment) {
        return python(interpreter, config, folder, daemonEnvironment, null);
    }

    /**
     * With {@code sandbox} set, the worker confines itself with sandbox.py before it starts a
     * thread or reads a cell: files writable only in {@code writable} and its {@code TMPDIR},
     * the {@code secrets} unreadable, no sockets (but TCP to the addresses of net=), no new programs.
     */
    public static WorkerLaunch python(Interpreter interpreter, Map<String, Object> config, Path folder,
                                      Map<String, String> daemonEnvironment, Sandbox sandbox) {
        ObjectNode boot = Json.MAPPER.createObjectNode();
        ObjectNode modules = boot.putObject("modules");
        SharedPython.modules().forEach(modules::put);
        modules.put("cellar_analyze", Resources.text(Resources.class, "/dev/cellar/daemon/analysis/analyze.py"));
        if (folder == null) { // the analyser also rewrites notebooks (cellar import, cellar fix)
            modules.put("cellar_rewrite", Resources.text(Resources.class, "/dev/cellar/daemon/analysis/rewrite.py"));
        }
        modules.put("cellar_keeper", Resources.text(WorkerLaunch.class, "keeper.py"));
        boot.put("main", Resources.text(WorkerLaunch.class, "worker.py"));
        ObjectNode configNode = Json.MAPPER.valueToTree(config);
        if (folder != null) {
            configNode.put("folder", folder.toAbsolutePath().toString());
        }
        if (sandbox != null) {
            modules.put("cellar_sandbox", Resources.text(WorkerLaunch.class, "sandbox.py"));
            ObjectNode s = configNode.putObject("sandbox").put("mechanism", sandbox.mechanism());
            var write = s.putArray("write");
            var deny = s.putArray("deny");
            sandbox.writable().forEach(p -> write.add(p.toString()));
            sandbox.secrets().forEach(p -> deny.add(p.toString()));
            if (!sandbox.net().isEmpty()) {
                modules.put("cellar_net_supervisor", Resources.text(WorkerLaunch.class, "net_supervisor.py"));
                var net = s.putArray("net");
                sandbox.net().forEach(a -> net.addArray().add(a.ip()).add(a.port()));
            }
        }
        Path started = interpreter.executable();
        if (sandbox != null) {
            started = interpreter.startedAs();
            if (!started.equals(interpreter.executable())) {
                configNode.put("executable", interpreter.executable().toAbsolutePath().toString());
            }
        }
        boot.set("config", configNode);
        List<String> command = new ArrayList<>();
        command.add(started.toString());
        command.addAll(pythonOptions(folder == null ? Map.of() : daemonEnvironment));
        if (folder != null && sandbox == null) {
            // unconfined: site-packages load as the interpreter starts (nothing to confine first), so the
            // programs its cells start with sys.executable (multiprocessing's spawn, loky) get them too
            command.remove("-S");
        }
        command.addAll(List.of("-c", BOOTSTRAP));
        return new WorkerLaunch(interpreter.executable().toString(), List.copyOf(command), ISOLATED_START, boot, true,
                sandbox == null ? null : sandbox.mechanism());
    }

    /**
     * {@code -I -S}, then the person's {@code PYTHON*} settings that {@code -I} ignores but that
     * have an option of their own and run no code of theirs: PYTHONWARNINGS ({@code -W}),
     * PYTHONDONTWRITEBYTECODE ({@code -B}), PYTHONOPTIMIZE ({@code -O}), PYTHONUTF8, PYTHONDEVMODE,
     * PYTHONTRACEMALLOC and PYTHONPYCACHEPREFIX ({@code -X}). PYTHONPATH and the user site
     * (PYTHONUSERBASE, PYTHONNOUSERSITE) are put back by worker.py once it is confined.
     * PYTHONUNBUFFERED and PYTHONIOENCODING need nothing: the worker writes its own frames and
     * gives cells UTF-8 streams of its own; they stay in the environment for the programs cells start.
     * PYTHONHASHSEED cannot be put back (only the variable sets the seed, as the interpreter
     * starts), nor PYTHONMALLOC, PYTHONHOME or PYTHONSTARTUP (interactive only): those are dropped.
     */
    static List<String> pythonOptions(Map<String, String> env) {
        List<String> options = new ArrayList<>(List.of("-I", "-S"));
        for (String warning : env.getOrDefault("PYTHONWARNINGS", "").split(",")) {
            if (!warning.isBlank()) {
                options.addAll(List.of("-W", warning.strip()));
            }
        }
        if (!env.getOrDefault("PYTHONDONTWRITEBYTECODE", "").isEmpty()) {
            options.add("-B");
        }
        String optimize = env.getOrDefault("PYTHONOPTIMIZE", "");
        if (!optimize.isEmpty()) {
            options.add(optimize.strip().equals("2") ? "-OO" : "-O");
        }
        String utf8 = env.getOrDefault("PYTHONUTF8", "");
        if (utf8.equals("0") || utf8.equals("1")) {
            options.addAll(List.of("-X", "utf8=" + utf8));
        }
        if (!env.getOrDefault("PYTHONDEVMODE", "").isEmpty()) {
            options.addAll(List.of("-X", "dev"));
        }
        String tracemalloc = env.getOrDefault("PYTHONTRACEMALLOC", "");
        if (tracemalloc.matches("[1-9][0-9]{0,3}")) {
            options.addAll(List.of("-X", "tracemalloc=" + tracemalloc));
        }
        String pycache = env.getOrDefault("PYTHONPYCACHEPREFIX", "");
        if (!pycache.isEmpty()) {
            options.addAll(List.of("-X", "pycache_prefix=" + pycache));
        }
        return options;
    }

    /**
     * What a sandboxed worker is confined to (see sandbox.py); {@code net}: the addresses its TCP
     * connections may reach (net=, resolved), through the supervisor of net_supervisor.py.
     */
    public record Sandbox(String mechanism, List<Path> writable, List<Path> secrets,
                          List<dev.cellar.daemon.kernel.NetAllowance.Address> net) {
        public Sandbox {
            net = List.copyOf(net);
        }

        public Sandbox(String mechanism, List<Path> writable, List<Path> secrets) {
            this(mechanism, writable, secrets, List.of());
        }
    }

    /**
     * Embedded GraalPy in a JVM of its own (the daemon's Java and class path), started in the
     * notebook's {@code folder} (the only one its cells can reach), so no cell code runs in the daemon: a cell that exhausts the heap ends its worker, not the daemon.
     * Its cells may not read {@code secrets}. {@code jvmFlags} come before the class path
     * (see {@link #graalPyJvmFlags}).
     */
    public static WorkerLaunch graalPy(Path folder, int previewRows, long memoryLimit, Secrets secrets,
                                       List<String> jvmFlags) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(dev.cellar.daemon.kernel.JvmFlags.graalPy());
        command.addAll(List.of(
                // the kernel's file system walks paths from directory descriptors (FolderWalk)
                "--add-opens=java.base/sun.nio.fs=ALL-UNNAMED",
                "-Xss4m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Dcellar.previewRows=" + previewRows));
        if (memoryLimit > 0) {
            command.add("-Xmx" + Math.max(64, memoryLimit >> 20) + "m");
        }
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", classPath(), GraalPyWorkerMain.class.getName()));
        secrets.paths().forEach(p -> command.add(p.toString()));
        return new WorkerLaunch("GraalPy", command, folder, null, false, null);
    }

    /**
     * The GraalPy worker's extra JVM options in {@code environment} (the daemon's), split on
     * white space; none when unset. Only GraalPy workers get them: a CPython worker is no JVM.
     */
    public static List<String> graalPyJvmFlags(Map<String, String> environment) {
        String flags = environment.getOrDefault(GRAALPY_JVM_FLAGS, "").strip();
        return flags.isEmpty() ? List.of() : Arrays.asList(flags.split("\\s+"));
    }

    /**
     * How long a worker asked to exit may take before it is killed. A JVM that writes a
     * class-data archive as it exits (the launcher's training) needs seconds for that, and a
     * killed one leaves no archive; any other worker exits at once.
     */
    public Duration exitGrace() {
        boolean writesArchive = command.stream().anyMatch(a -> a.startsWith("-XX:ArchiveClassesAtExit"));
        return writesArchive ? Duration.ofMinutes(2) : Duration.ofSeconds(1);
    }

    /** The daemon's class path, also when its jars were loaded by a class loader of their own (cellar run --standalone). */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        if (WorkerLaunch.class.getClassLoader() instanceof URLClassLoader loader) {
            for (URL url : loader.getURLs()) {
                try {
                    entries.add(Path.of(url.toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a file: the JVM could not use it either
                }
            }
        }
        entries.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        return String.join(File.pathSeparator, entries);
    }
}
