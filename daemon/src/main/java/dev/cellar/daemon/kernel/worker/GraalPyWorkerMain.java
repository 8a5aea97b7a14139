package dev.cellar.daemon.kernel.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.daemon.execution.CellRun;
import dev.cellar.daemon.execution.ExecutionResult;
import dev.cellar.daemon.kernel.OutputSink;
import dev.cellar.daemon.execution.Secrets;
import dev.cellar.daemon.kernel.graalpy.GraalPyKernel;
import dev.cellar.protocol.model.CellError;
import dev.cellar.protocol.model.CellKind;
import dev.cellar.protocol.model.Output;
import dev.cellar.protocol.rpc.Json;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The GraalPy worker: a JVM of its own hosting one notebook's GraalPy kernel, speaking the
 * same frames as worker.py (WorkerChannel). Requests run one at a time on the main
 * thread; a reader thread takes {@code interrupt} frames at once, since the main thread
 * is busy with the cell they are meant to stop. Its working directory is the notebook's
 * folder, the only folder its cells can reach; its arguments are the secrets they may not.
 */
public final class GraalPyWorkerMain {
    private final WorkerChannel channel;
    private final BlockingQueue<WorkerChannel.Message> requests = new LinkedBlockingQueue<>();
    private volatile GraalPyKernel kernel;
    /** The id of the request being answered (main thread). */
    private volatile String currentId;

    private GraalPyWorkerMain(WorkerChannel channel) {
        this.channel = channel;
    }

    public static void main(String[] args) throws Exception {
        // the channel owns fd 1: anything else printed goes to stderr (the daemon's log)
        WorkerChannel channel = new WorkerChannel(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out));
        System.setOut(System.err);
        GraalPyWorkerMain worker = new GraalPyWorkerMain(channel);
        worker.listen(); // first: a daemon that goes away while GraalPy starts must not leave us behind
        // the arguments are the deny list (Secrets): the daemon's view of the user's secrets, not this JVM's
        Secrets secrets = new Secrets(Path.of(System.getProperty("user.home")), java.util.Arrays.stream(args).map(Path::of).toList());
        worker.kernel = new GraalPyKernel(Path.of("").toAbsolutePath(), Integer.getInteger("cellar.previewRows", 50), secrets);
        channel.send(Json.MAPPER.createObjectNode().put("op", "hello").put("implementation", "GraalPy")
                .put("pid", ProcessHandle.current().pid()), List.of());
        worker.serve();
        worker.kernel.close();
        System.exit(0);
    }

    /** Reads the channel on a thread of its own: interrupts act at once, requests queue for the main thread. */
    private void listen() {
        Thread.ofPlatform().daemon().name("channel-reader").start(() -> {
            try {
                while (true) {
                    WorkerChannel.Message m = channel.receive();
                    GraalPyKernel k = kernel;
                    if (!m.op().equals("interrupt")) {
                        requests.add(m);
                    } else if (k != null) {
                        k.interrupt();
                    }
                }
            } catch (IOException gone) {
                // the daemon closed the channel or died: nobody to work for, whatever runs now
                Runtime.getRuntime().halt(0);
            }
        });
    }

    private void serve() throws InterruptedException {
        while (true) {
            WorkerChannel.Message m = requests.take();
            if (m.op().equals("exit")) {
                return;
            }
            currentId = m.id();
            ObjectNode reply;
            try {
                if (m.op().equals("sql_frame")) { // the one answer with blobs
                    GraalPyKernel.FrameAnswer a = kernel.sqlFrameAnswer(m.header().path("name").asText(),
                            m.header().path("maxBytes").asLong());
                    ObjectNode frame = ((ObjectNode) a.header().deepCopy()).put("op", "frame").put("id", currentId);
                    sendWithBlobs(frame, a.blobs());
                    continue;
                }
                reply = handle(m);
            } catch (RuntimeException e) {
                reply = Json.MAPPER.createObjectNode().put("op", "error").put("message", String.valueOf(e.getMessage()));
            }
            send(reply);
        }
    }

    private ObjectNode handle(WorkerChannel.Message m) {
        JsonNode h = m.header();
        ObjectNode ok = Json.MAPPER.createObjectNode().put("op", "ok");
        return switch (m.op()) {
            case "run" -> run(h);
            case "clear" -> {
                Set<String> names = new HashSet<>();
                h.path("names").forEach(n -> names.add(n.asText()));
                kernel.clear(names);
                yield ok;
            }
            case "assign" -> {
                Map<String, String> values = new java.util.HashMap<>();
                h.path("values").properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
                kernel.assign(values);
                yield ok;
            }
            case "sql_param" -> {
                ObjectNode value = Json.MAPPER.createObjectNode().put("op", "value");
                value.set("value", kernel.sqlParameterAnswer(h.path("name").asText()));
                yield value;
            }
            case "drop_tables" -> {
                Set<String> ids = new HashSet<>();
                h.path("filenames").forEach(n -> {
                    String f = n.asText();
                    ids.add(f.startsWith("cell_") && f.endsWith(".py") ? f.substring(5, f.length() - 3) : f);
                });
                kernel.dropTables(ids);
                yield ok;
            }
            case "table_rows" -> ((ObjectNode) kernel.tableRowsAnswer(h).deepCopy()).put("op", "table");
            case "bind_table" -> {
                kernel.bindTable(h.path("name").asText(), TableTransfer.read(h, m.blobs()));
                yield ok;
            }
            default -> Json.MAPPER.createObjectNode().put("op", "error").put("message", "unknown request " + m.op());
        };
    }

    private ObjectNode run(JsonNode h) {
        String filename = h.path("filename").asText();
        String cellId = filename.startsWith("cell_") && filename.endsWith(".py")
                ? filename.substring(5, filename.length() - 3) : filename;
        ExecutionResult r = kernel.execute(new CellRun(cellId, 0, CellKind.PYTHON, h.path("code").asText(), null), new OutputSink() {
            @Override
            public void write(String stream, String text) {
                send(Json.MAPPER.createObjectNode().put("op", "stream").put("name", stream).put("text", text));
            }

            @Override
            public void display(Output output) {
                ObjectNode frame = Json.MAPPER.createObjectNode().put("op", "display");
                frame.set("output", Json.MAPPER.valueToTree(output));
                send(frame);
            }
        });
        ObjectNode done = Json.MAPPER.createObjectNode().put("op", "done");
        switch (r.outcome()) {
            case OK -> {
                done.put("status", "ok");
                done.set("display", r.display() == null ? null : Json.MAPPER.valueToTree(r.display()));
            }
            case INTERRUPTED -> done.put("status", "interrupted");
            case ERROR -> {
                CellError e = r.error();
                done.put("status", "error").put("ename", e.ename()).put("message", e.message()).put("line", e.line());
                e.traceback().forEach(done.putArray("traceback")::add);
            }
        }
        return done;
    }

    private void sendWithBlobs(ObjectNode frame, List<byte[]> blobs) {
        try {
            channel.send(frame, blobs);
        } catch (IOException gone) {
            System.exit(0); // the daemon is gone
        }
    }

    /** Every frame sent while answering a request carries its id (see WorkerProcess#exchange). */
    private void send(ObjectNode frame) {
        frame.put("id", currentId);
        try {
            channel.send(frame, List.of());
        } catch (IOException gone) {
            System.exit(0); // the daemon is gone
        }
    }
}
