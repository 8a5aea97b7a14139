package dev.cellar.protocol.rpc;

/** Framing facts both ends agree on: one JSON message per line, UTF-8. */
public final class Frames {
    /** Default largest frame a peer accepts; a longer line is rejected without being buffered whole. */
    public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;

    private Frames() {
    }
}
