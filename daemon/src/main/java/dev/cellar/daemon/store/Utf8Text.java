package dev.cellar.daemon.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Strict UTF-8 decoding whose error says where the text stops being UTF-8. */
final class Utf8Text {
    private Utf8Text() {
    }

    static String decode(byte[] bytes) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw notUtf8(bytes, in.position());
        }
        result = decoder.flush(out);
        if (result.isError()) {
            throw notUtf8(bytes, in.position());
        }
        return out.flip().toString();
    }

    private static IOException notUtf8(byte[] bytes, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        String message = String.format(Locale.ROOT, "not UTF-8 text (byte 0x%02X at offset %d: line %d, byte %d of the line)",
                bytes[offset] & 0xff, offset, line, column);
        return new IOException(message);
    }
}
