package dev.cellar.daemon.kernel.worker;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cellar.protocol.rpc.Json;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The frames the daemon and a worker exchange over the worker's stdin/stdout: a 4-byte
 * big-endian length, a UTF-8 JSON header, then the raw blobs whose sizes the header lists
 * under {@code blobs} (query results travel as column bytes, not JSON). worker.py has
 * the other end. Requests carry an {@code id} and the frames answering them the same one
 * (see {@link WorkerProcess#exchange}).
 */
final class WorkerChannel {
    /** Larger frames mean a broken worker, not data: nothing legitimate comes near it. */
    private static final int MAX_HEADER = 256 << 20;

    /**
     * Jackson's default string limit (20 M characters) would make one large output (a big
     * image) read as a broken channel, i.e. a dead kernel; the frame limit is the bound here.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_HEADER).build()).build()).build();

    private final DataInputStream in;
    private final OutputStream out;

    WorkerChannel(InputStream in, OutputStream out) {
        this.in = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
        this.out = new java.io.BufferedOutputStream(out, 1 << 16);
    }

    /** A frame: its JSON header and blobs. */
    record Message(JsonNode header, List<byte[]> blobs) {
        String op() {
            return header.path("op").asText();
        }

        /** The id of the request this frame answers or belongs to; null: none. */
        String id() {
            JsonNode id = header.get("id");
            return id == null || !id.isTextual() ? null : id.asText();
        }
    }

    /** Synchronized: an interrupt frame may be sent from another thread than requests. */
    synchronized void send(ObjectNode header, List<byte[]> blobs) throws IOException {
        if (!blobs.isEmpty()) {
            var sizes = header.putArray("blobs");
            blobs.forEach(b -> sizes.add(b.length));
        }
        byte[] head = Json.MAPPER.writeValueAsBytes(header);
        out.write(new byte[] {(byte) (head.length >>> 24), (byte) (head.length >>> 16), (byte) (head.length >>> 8),
            (byte) head.length});
        out.write(head);
        for (byte[] blob : blobs) {
            out.write(blob);
        }
        out.flush();
    }

    /**
     * The next frame; {@link EOFException} when the worker has gone, {@link Broken} when what
     * came cannot be a frame (the frames after it cannot be found). A frame whose header is
     * not a JSON object comes back with an empty header: its length still said where the next
     * one starts, and no op or id of the empty header answers anything.
     */
    Message receive() throws IOException {
        int length = in.readInt();
        if (length < 0 || length > MAX_HEADER) {
            throw new Broken("a frame of length " + length);
        }
        byte[] head = in.readNBytes(length);
        if (head.length < length) {
            throw new EOFException("the worker closed its channel mid-frame");
        }
        JsonNode header;
        try {
            header = MAPPER.readTree(head);
        } catch (JsonProcessingException e) {
            return new Message(MAPPER.createObjectNode(), List.of());
        }
        if (header == null || !header.isObject()) {
            return new Message(MAPPER.createObjectNode(), List.of());
        }
        List<byte[]> blobs = new ArrayList<>();
        long total = 0;
        for (JsonNode size : header.path("blobs")) {
            total += size.asLong(-1);
            if (!size.canConvertToInt() || size.asInt() < 0 || total > MAX_HEADER) {
                throw new Broken("a frame with blobs of " + header.path("blobs") + " bytes");
            }
            byte[] blob = in.readNBytes(size.asInt());
            if (blob.length < size.asInt()) {
                throw new EOFException("the worker closed its channel mid-frame");
            }
            blobs.add(blob);
        }
        return new Message(header, blobs);
    }

    /** What came on the channel cannot be a frame: the stream is lost (a cell may have written to it). */
    static final class Broken extends IOException {
        private static final long serialVersionUID = 1L;

        Broken(String what) {
            super("the channel carried " + what);
        }
    }
}
