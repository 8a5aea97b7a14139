package dev.cellar.daemon.assistant;

import dev.cellar.daemon.notebook.NotebookSession;
import dev.cellar.daemon.model.Origin;

/** Times the tools the way a turn calls them (same package: the tools are the daemon's internals). */
public final class ToolCallTiming {
    private ToolCallTiming() {
    }

    /** {@code arguments} null for update_cell: each call then sends the version it just got back. */
    public static long[] time(NotebookSession session, String tool, String arguments, String cellId, int n) {
        long[] t = new long[n];
        long version = 1;
        Cancellation never = new Cancellation();
        for (int i = -50; i < n; i++) {
            String args = arguments != null ? arguments
                    : "{\"cellId\":\"" + cellId + "\",\"code\":\"v49 = " + i + "\",\"expectedVersion\":" + version + "}";
            long start = System.nanoTime();
            NotebookTools.Result r = NotebookTools.call(session, new Origin("assistant", "bench", "bench"), tool, args, never);
            long elapsed = System.nanoTime() - start;
            if (!r.ok()) {
                throw new IllegalStateException(tool + " failed: " + r.json());
            }
            if (arguments == null) {
                version++;
            }
            if (i >= 0) {
                t[i] = elapsed;
            }
        }
        return t;
    }
}
