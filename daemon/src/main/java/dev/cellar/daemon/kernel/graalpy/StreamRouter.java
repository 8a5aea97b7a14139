package dev.cellar.daemon.kernel.graalpy;

import dev.cellar.daemon.kernel.OutputSink;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The context's stdout or stderr: decodes UTF-8 (keeping a split multi-byte character
 * for the next write) and hands text to the sink of the cell that runs now. Only the
 * kernel thread writes (cell code cannot start threads), so no locking.
 */
final class StreamRouter extends OutputStream {
    private final String stream;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(8192);
    private volatile OutputSink sink;

    StreamRouter(String stream) {
        this.stream = stream;
    }

    void route(OutputSink to) {
        this.sink = to;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        // handed on in pieces of at most the buffer's size: one huge print never becomes one huge string
        int i = off;
        int end = off + len;
        while (i < end) {
            int n = Math.min(pending.remaining(), end - i);
            pending.put(b, i, n);
            i += n;
            pending.flip();
            CharBuffer chars = CharBuffer.allocate(pending.remaining());
            decoder.decode(pending, chars, false);
            chars.flip();
            pending.compact();
            OutputSink to = sink;
            if (to != null && chars.hasRemaining()) {
                to.write(stream, chars.toString());
            }
        }
    }
}
