package dev.cellar.daemon.scripted;

import dev.cellar.daemon.analysis.Analysis;
import dev.cellar.daemon.execution.CellRun;
import dev.cellar.daemon.execution.ExecutionResult;
import dev.cellar.daemon.kernel.Kernel;
import dev.cellar.daemon.kernel.KernelSpec;
import dev.cellar.daemon.kernel.OutputSink;
import dev.cellar.protocol.model.CellError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Makes {@link Kernel}s whose cells do what the test's code says, with no Python: the
 * scheduler's rules tested on their own. A cell's code is in {@link TinyAnalyzer}'s syntax;
 * the kernel runs it line by line: a name the line reads that the kernel does not hold fails
 * the cell with {@code NameError} (as Python would), the names it assigns are bound (to the
 * cell's id). Directives in a line's comment script the rest:
 * <ul>
 *   <li>{@code # block g}: waits until the test {@link #open}s gate {@code g} (it stays open
 *       until {@link #shut}); an interrupt
 *       ends the cell as interrupted, a close as well;</li>
 *   <li>{@code # print text}: writes {@code text} and a newline to stdout;</li>
 *   <li>{@code # fail message}: the cell fails with a {@code ScriptedError};</li>
 *   <li>{@code # lose}: the kernel loses every variable (its worker died) and the cell fails.</li>
 * </ul>
 * Everything the kernels do is written to {@link #log()} ({@code "k1 run a v2"},
 * {@code "k1 clear [x]"}, {@code "k1 interrupt"}, {@code "k1 close"}); {@code onChange}
 * is called after each entry so a waiting test wakes ({@code Await::wake}).
 */
public final class ScriptedKernels implements Function<KernelSpec, Kernel> {
    private final Object lock = new Object();
    private final List<ScriptedKernel> made = new ArrayList<>();
    private final Set<String> open = new HashSet<>();
    private final Set<String> waitingAt = new HashSet<>();
    private final List<String> log = new ArrayList<>();
    private volatile Runnable onChange = () -> { };

    public ScriptedKernels onChange(Runnable wake) {
        this.onChange = wake;
        return this;
    }

    @Override
    public Kernel apply(KernelSpec spec) {
        synchronized (lock) {
            ScriptedKernel k = new ScriptedKernel("k" + (made.size() + 1));
            made.add(k);
            return k;
        }
    }

    /** Lets every cell waiting at (or later reaching) {@code # block gate} go on. */
    public void open(String gate) {
        synchronized (lock) {
            open.add(gate);
            lock.notifyAll();
        }
        onChange.run();
    }

    /** Closes the gate again: cells reaching {@code # block gate} from now on wait. */
    public void shut(String gate) {
        synchronized (lock) {
            open.remove(gate);
        }
    }

    /** Whether a cell waits at this gate now (it is inside the kernel, not just marked running). */
    public boolean waitingAt(String gate) {
        synchronized (lock) {
            return waitingAt.contains(gate);
        }
    }

    public List<String> log() {
        synchronized (lock) {
            return List.copyOf(log);
        }
    }

    /** How many kernels were made (a restart makes the next run make another). */
    public int made() {
        synchronized (lock) {
            return made.size();
        }
    }

    /** The variables of the newest kernel: name → the cell that bound it. */
    public Map<String, String> variables() {
        synchronized (lock) {
            return made.isEmpty() ? Map.of() : new TreeMap<>(made.getLast().variables);
        }
    }

    private void record(String entry) {
        synchronized (lock) {
            log.add(entry);
        }
        onChange.run();
    }

    private final class ScriptedKernel implements Kernel {
        private final String name;
        private final Map<String, String> variables = new LinkedHashMap<>();
        private boolean running;
        private boolean interrupted;
        private boolean closed;

        ScriptedKernel(String name) {
            this.name = name;
        }

        @Override
        public ExecutionResult execute(CellRun cell, OutputSink sink) {
            synchronized (lock) {
                running = true;
                interrupted = false;
            }
            record(name + " run " + cell.cellId() + " v" + cell.version());
            try {
                for (String line : cell.code().split("\n")) {
                    ExecutionResult ended = runLine(cell, line, sink);
                    if (ended != null) {
                        return ended;
                    }
                }
                return ExecutionResult.ok(null);
            } finally {
                synchronized (lock) {
                    running = false;
                }
            }
        }

        /** One line: its names, then its directive; a result if the cell ends here. */
        private ExecutionResult runLine(CellRun cell, String line, OutputSink sink) {
            int hash = line.indexOf('#');
            Analysis names = TinyAnalyzer.analyze(hash < 0 ? line : line.substring(0, hash));
            synchronized (lock) {
                for (String ref : names.refs()) {
                    if (!variables.containsKey(ref)) {
                        return ExecutionResult.error(CellError.of("NameError", "name '" + ref + "' is not defined"));
                    }
                }
                names.defs().forEach(d -> variables.put(d, cell.cellId()));
            }
            String directive = hash < 0 ? "" : line.substring(hash + 1).strip();
            String word = directive.split("\\s+", 2)[0];
            String rest = directive.contains(" ") ? directive.substring(directive.indexOf(' ') + 1).strip() : "";
            switch (word) {
                case "block" -> {
                    return block(rest);
                }
                case "print" -> sink.write("stdout", rest + "\n");
                case "fail" -> {
                    return ExecutionResult.error(CellError.of("ScriptedError", rest));
                }
                case "lose" -> {
                    synchronized (lock) {
                        variables.clear();
                    }
                    record(name + " lost");
                    return ExecutionResult.error(CellError.of("KernelLost", "the scripted worker died")).withKernelLost();
                }
                default -> {
                    // a plain comment
                }
            }
            return null;
        }

        private ExecutionResult block(String gate) {
            synchronized (lock) {
                waitingAt.add(gate);
            }
            onChange.run();
            try {
                synchronized (lock) {
                    while (!open.contains(gate) && !interrupted && !closed) {
                        lock.wait();
                    }
                    if (!open.contains(gate)) {
                        return ExecutionResult.interrupted(CellError.of("KeyboardInterrupt", "interrupted at " + gate));
                    }
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExecutionResult.interrupted(CellError.of("KeyboardInterrupt", "thread interrupted"));
            } finally {
                synchronized (lock) {
                    waitingAt.remove(gate);
                }
                onChange.run();
            }
        }

        @Override
        public void clear(Set<String> names) {
            if (names.isEmpty()) {
                return;
            }
            synchronized (lock) {
                names.forEach(variables::remove);
            }
            record(name + " clear " + new java.util.TreeSet<>(names));
        }

        @Override
        public void assign(Map<String, String> jsonValues) {
            synchronized (lock) {
                jsonValues.keySet().forEach(n -> variables.put(n, "assign"));
            }
        }

        @Override
        public void interrupt() {
            boolean hit;
            synchronized (lock) {
                hit = running && !interrupted;
                if (hit) {
                    log.add(name + " interrupt"); // before the cell can see it: the log never lags what it caused
                    interrupted = true;
                    lock.notifyAll();
                }
            }
            if (hit) {
                onChange.run();
            }
        }

        @Override
        public void close() {
            synchronized (lock) {
                log.add(name + " close");
                closed = true;
                lock.notifyAll();
            }
            onChange.run();
        }
    }
}
