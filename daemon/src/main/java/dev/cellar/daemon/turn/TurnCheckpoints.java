package dev.cellar.daemon.turn;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.cellar.daemon.model.Cell;
import dev.cellar.daemon.model.Notebook;
import dev.cellar.daemon.model.Origin;
import dev.cellar.daemon.store.AtomicFileWriter;
import dev.cellar.protocol.model.TurnInfo;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checkpoints of a notebook's last {@value #KEPT} turns, kept in
 * {@code .cellar/<notebook>.turns.json} beside the chat history so they outlive the
 * daemon. Touched only on the notebook's command loop: the session records every edit a
 * turn makes at the moment it commits it, so no change of a turn can be missed.
 */
public final class TurnCheckpoints {
    static final int KEPT = 100;
    private static final System.Logger LOG = System.getLogger("cellar.notebook");

    /** The notebook's file as it is now (it follows a save to another path). */
    private final java.util.function.Supplier<Path> notebookFile;
    private final AtomicFileWriter writer = AtomicFileWriter.privateFiles();
    /** Oldest first. */
    private final Map<String, TurnCheckpoint> turns = new LinkedHashMap<>();
    private boolean dirty;
    /** Turns marked rewound by a rewind whose edit is not durable yet. */
    private final Set<String> rewinding = new HashSet<>();

    /** {@code .cellar/<notebook>.turns.json} beside the notebook as it is now. */
    private Path file() {
        Path nb = notebookFile.get().toAbsolutePath();
        return nb.resolveSibling(".cellar").resolve(nb.getFileName() + ".turns.json");
    }

    public TurnCheckpoints(java.util.function.Supplier<Path> notebookFile) {
        this.notebookFile = notebookFile;
        Path file = file();
        if (Files.isRegularFile(file)) {
            try {
                Json.MAPPER.readValue(file.toFile(), new TypeReference<List<TurnCheckpoint>>() { })
                        .forEach(t -> turns.put(t.turnId(), t));
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot read the turn checkpoints in " + file + "; starting afresh", e);
            }
        }
    }

    /** Starts a turn's checkpoint; its id is {@code turn-<n>}, n one more than the newest turn's, across restarts. */
    public String begin(String actor, String prompt, long startedAt) {
        long newest = 0;
        for (String id : turns.keySet()) {
            if (id.startsWith("turn-")) {
                try {
                    newest = Math.max(newest, Long.parseLong(id.substring(5)));
                } catch (NumberFormatException foreign) {
                    // not one of ours
                }
            }
        }
        String turnId = "turn-" + (newest + 1);
        put(new TurnCheckpoint(turnId, actor, prompt, startedAt, null, List.of(), false));
        return turnId;
    }

    public TurnCheckpoint get(String turnId) {
        return turns.get(turnId);
    }

    /** The newest turn, or null. */
    public TurnCheckpoint last() {
        TurnCheckpoint last = null;
        for (TurnCheckpoint t : turns.values()) {
            last = t;
        }
        return last;
    }

    /** Notes what one edit of a turn did, going from {@code before} to {@code after}. */
    public void record(Origin origin, Notebook before, Notebook after) {
        TurnCheckpoint cp = turns.get(origin.turnId());
        if (cp == null) {
            cp = new TurnCheckpoint(origin.turnId(), origin.actor(), null, System.currentTimeMillis(), null, List.of(), false);
        }
        cp = cp.withOrderBefore(ids(before));
        String moved = movedCell(before, after);
        Set<String> all = new HashSet<>(ids(before));
        all.addAll(ids(after));
        for (String id : ordered(all, before, after)) {
            Cell a = before.cell(id).orElse(null);
            Cell b = after.cell(id).orElse(null);
            boolean changed = a == null || b == null || a.version() != b.version();
            if (!changed && !id.equals(moved)) {
                continue;
            }
            TurnCheckpoint.Touched first = cp.touched(id).orElse(new TurnCheckpoint.Touched(id,
                    a == null ? null : TurnCheckpoint.Source.of(a), before.indexOf(id), null, 0, false));
            long last = Math.max(first.lastVersion(), Math.max(a == null ? 0 : a.version(), b == null ? 0 : b.version()));
            cp = cp.with(new TurnCheckpoint.Touched(id, first.before(), first.beforeIndex(),
                    b == null ? null : TurnCheckpoint.Source.of(b), last, first.moved() || id.equals(moved)));
        }
        put(cp);
    }

    /** Marks a turn rewound at once (a second rewind in the same burst is then a no-op); durable with its edit. */
    public void markRewinding(String turnId) {
        TurnCheckpoint cp = turns.get(turnId);
        if (cp != null && !cp.rewound()) {
            turns.put(turnId, cp.rewound(true));
            rewinding.add(turnId);
            dirty = true;
        }
    }

    /** The burst's save failed: its rewinds did not happen (the next save writes that down). */
    public void rewindsFailed() {
        rewinding.forEach(id -> turns.computeIfPresent(id, (k, cp) -> cp.rewound(false)));
        dirty |= !rewinding.isEmpty();
        rewinding.clear();
    }

    /** The burst is on disk: its rewinds happened. */
    public void rewindsDurable() {
        rewinding.clear();
    }

    public List<TurnInfo> infos() {
        return turns.values().stream().map(TurnCheckpoint::info).toList();
    }

    /** Writes the checkpoints if they changed; a failure is logged: it must not stop the notebook's edits. */
    public void saveIfDirty() {
        if (!dirty) {
            return;
        }
        try {
            Path file = file();
            Files.createDirectories(file.getParent());
            writer.write(file, Json.MAPPER.writeValueAsBytes(List.copyOf(turns.values())));
            dirty = false;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the turn checkpoints to " + file(), e);
        }
    }

    private void put(TurnCheckpoint cp) {
        turns.put(cp.turnId(), cp);
        while (turns.size() > KEPT) {
            turns.remove(turns.keySet().iterator().next());
        }
        dirty = true;
    }

    /** The cell a move took out and put back elsewhere, or null when the edit kept the order of the cells it kept. */
    private static String movedCell(Notebook before, Notebook after) {
        List<String> a = ids(before);
        List<String> b = ids(after);
        if (a.equals(b) || !new HashSet<>(a).equals(new HashSet<>(b))) {
            return null;
        }
        for (String id : b) {
            List<String> a2 = new ArrayList<>(a);
            List<String> b2 = new ArrayList<>(b);
            a2.remove(id);
            b2.remove(id);
            if (a2.equals(b2) && a.indexOf(id) != b.indexOf(id)) {
                return id;
            }
        }
        return null;
    }

    private static List<String> ordered(Set<String> all, Notebook before, Notebook after) {
        List<String> order = new ArrayList<>(ids(before));
        ids(after).stream().filter(id -> !order.contains(id)).forEach(order::add);
        order.retainAll(all);
        return order;
    }

    private static List<String> ids(Notebook nb) {
        return nb.cells().stream().map(Cell::id).toList();
    }
}
