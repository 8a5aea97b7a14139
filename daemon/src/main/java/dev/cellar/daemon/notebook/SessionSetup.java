package dev.cellar.daemon.notebook;

import dev.cellar.daemon.kernel.Confinement;
import dev.cellar.daemon.kernel.Interpreter;
import dev.cellar.daemon.model.Settings;
import dev.cellar.daemon.store.HeaderRights;
import dev.cellar.daemon.trust.Rights;
import dev.cellar.daemon.trust.Trust;
import dev.cellar.daemon.trust.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a notebook runs with: its settings (the header's, with held keys at their confirmed
 * values), its Python and its confinement, chosen from the header and the trust records when
 * it opens and again after a person confirms ({@code cellar confirm}). {@code pending} says, for
 * people, what waits for a confirmation (null: nothing).
 */
record SessionSetup(Settings settings, Interpreter interpreter, Confinement confinement, Verdict verdict,
                    String pending) {

    /**
     * {@code created}: the daemon has just written the file itself. A folder whose notebook
     * runs confined (cells that can write there) is recorded as such.
     */
    static SessionSetup choose(Path notebook, String header, boolean created, SessionServices services) {
        Trust trust = services.interpreters().trust();
        Rights wanted = HeaderRights.of(header);
        List<String> trouble = new ArrayList<>();
        Verdict verdict;
        try {
            verdict = trust.check(notebook, wanted, created);
        } catch (RuntimeException e) {
            // an unwritable home must not stop every notebook; said where people look
            verdict = new Verdict.Applied(wanted);
            trouble.add("cannot use the trust records (" + e.getMessage() + "): header settings apply as written");
        }
        Settings settings = HeaderRights.settings(header, verdict.effective(), new ArrayList<>());
        Path folder = notebook.toAbsolutePath().getParent();
        Interpreter interpreter = services.interpreters().resolve(settings.python(), folder);
        Confinement confinement = services.interpreters().confinement(interpreter, settings.sandbox(), folder,
                settings.net());
        recordConfined(settings, confinement, folder, trust, trouble);
        trouble.addAll(waitsForAPerson(verdict, interpreter, notebook));
        return new SessionSetup(settings, interpreter, confinement, verdict,
                trouble.isEmpty() ? null : String.join("; ", trouble));
    }

    private static void recordConfined(Settings settings, Confinement confinement, Path folder, Trust trust,
                                       List<String> trouble) {
        if (settings.sandbox() && (confinement.name().equals(Confinement.LANDLOCK)
                || confinement.name().equals(Confinement.GRAALPY))) {
            try {
                trust.confinedFolder(folder);
            } catch (RuntimeException e) {
                trouble.add("cannot record " + folder + " as a confined notebook's folder in the trust records ("
                        + e.getMessage() + ")");
            }
        }
    }

    /**
     * Another Python, chosen by a person through the loop ({@code kernel.use}): the interpreter
     * is found again from {@code next.python()}, the confinement follows it; {@code verdict} is
     * the header's after the choice, {@code waiting} what still waits for a person.
     */
    SessionSetup withPython(Settings next, Verdict verdict, String waiting, Path notebook, SessionServices services) {
        Path folder = notebook.toAbsolutePath().getParent();
        Interpreter python = services.interpreters().resolve(next.python(), folder);
        Confinement c = services.interpreters().confinement(python, next.sandbox(), folder, next.net());
        List<String> trouble = new ArrayList<>();
        recordConfined(next, c, folder, services.interpreters().trust(), trouble);
        if (waiting != null) {
            trouble.add(waiting);
        }
        trouble.addAll(waitsForAPerson(new Verdict.Applied(verdict.effective()), python, notebook));
        return new SessionSetup(next, python, c, verdict, trouble.isEmpty() ? null : String.join("; ", trouble));
    }

    /**
     * The same Python with other settings (a header change from the file, its widening keys
     * already held back): the confinement follows {@code sandbox=} and {@code net=}, {@code pending} says what waits.
     */
    SessionSetup with(Settings next, String waiting, Path notebook, SessionServices services) {
        Confinement c = next.sandbox() == settings.sandbox() && next.net().equals(settings.net()) ? confinement
                : services.interpreters().confinement(interpreter, next.sandbox(), notebook.toAbsolutePath().getParent(),
                next.net());
        List<String> trouble = new ArrayList<>(waitsForAPerson(verdict, interpreter, notebook));
        if (waiting != null) {
            trouble.add(waiting);
        }
        return new SessionSetup(next, interpreter, c, verdict, trouble.isEmpty() ? null : String.join("; ", trouble));
    }

    /** What the trust records hold back, said for people: held header keys, an unconfirmed Python. */
    private static List<String> waitsForAPerson(Verdict verdict, Interpreter interpreter, Path notebook) {
        List<String> waits = new ArrayList<>();
        if (verdict instanceof Verdict.Held held) {
            waits.add(held.message());
        }
        if (interpreter.unconfirmed()) {
            waits.add(interpreter.problem() + ". See it and confirm it: cellar confirm " + notebook);
        }
        return waits;
    }

    /** Whether a kernel made for {@code other} would differ from one made for this (a restart is needed). */
    boolean kernelDiffers(SessionSetup other) {
        // what a KernelSpec is made of
        return !interpreter.equals(other.interpreter) || !confinement.equals(other.confinement)
                || !Objects.equals(settings.sqlUrl(), other.settings.sqlUrl())
                || settings.duckdbFile() != other.settings.duckdbFile() || settings.memoryLimit() != other.settings.memoryLimit()
                || settings.previewRows() != other.settings.previewRows() || settings.maxRows() != other.settings.maxRows()
                || !settings.env().equals(other.settings.env()) // a worker's variables are given as it starts
                || !settings.conns().equals(other.settings.conns()); // the connections its cells may name
    }
}
