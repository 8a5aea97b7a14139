package dev.cellar.daemon.model;

import dev.cellar.daemon.units.ByteSize;
import dev.cellar.protocol.model.Output;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The outputs of one running cell, bounded: the first half of the limit is kept as it
 * arrives, then only the most recent half, with a marker saying how much was dropped in
 * between. Appending costs time proportional to the text appended (never to what is already
 * held), so a cell printing 100 MB costs the daemon two bounded buffers and linear time.
 * Used only on the notebook's command loop.
 */
public final class OutputBudget {
    private static final int MARKER_SLACK = 200;
    private final long headCap;
    private final long tailCap;
    private final List<Output> head = new ArrayList<>();
    private final StringBuilder openText = new StringBuilder();
    private String openStream;
    private long headChars;
    private final ArrayDeque<Chunk> tail = new ArrayDeque<>();
    private long tailChars;
    private long droppedBytes;

    /** A piece of the tail; {@code start} moves forward as older text is dropped, without copying. */
    private record Chunk(String stream, String text, int start) {
        int length() {
            return text.length() - start;
        }
    }

    public OutputBudget(long limitChars, List<Output> existing) {
        this.headCap = limitChars / 2;
        this.tailCap = limitChars - headCap;
        for (Output o : existing) {
            if (o instanceof Output.Stream s) {
                append(s.name(), s.text());
            } else {
                closeOpenText();
                boolean tooLong = o instanceof Output.Text t && t.text().length() > limitChars + MARKER_SLACK;
                head.add(tooLong ? shortened((Output.Text) o, limitChars) : o);
            }
        }
    }

    /** Adds streamed text; returns the part kept as it arrived (what live clients can be sent), possibly empty. */
    public String append(String stream, String text) {
        int toHead = safeEnd(text, (int) Math.min(text.length(), headCap - headChars));
        if (tail.isEmpty() && droppedBytes == 0 && toHead > 0) {
            if (!stream.equals(openStream)) {
                closeOpenText();
                openStream = stream;
            }
            openText.append(text, 0, toHead);
            headChars += toHead;
        } else {
            toHead = 0;
        }
        if (toHead < text.length()) {
            appendTail(stream, text, toHead);
        }
        return text.substring(0, toHead);
    }

    boolean truncated() {
        return droppedBytes > 0 || !tail.isEmpty();
    }

    private void appendTail(String stream, String text, int from) {
        int length = text.length() - from;
        if (length >= tailCap) { // this text alone fills the tail: everything older goes
            tail.forEach(c -> droppedBytes += utf8Length(c.text(), c.start(), c.text().length()));
            tail.clear();
            int start = safeStart(text, text.length() - (int) tailCap);
            droppedBytes += utf8Length(text, from, start);
            tail.add(new Chunk(stream, text.substring(start), 0));
            tailChars = text.length() - start;
            return;
        }
        tail.add(new Chunk(stream, text, from));
        tailChars += length;
        while (tailChars > tailCap) {
            Chunk first = tail.removeFirst();
            long excess = tailChars - tailCap;
            if (first.length() <= excess) {
                droppedBytes += utf8Length(first.text(), first.start(), first.text().length());
                tailChars -= first.length();
            } else {
                int start = safeStart(first.text(), first.start() + (int) excess);
                droppedBytes += utf8Length(first.text(), first.start(), start);
                tailChars -= start - first.start();
                tail.addFirst(new Chunk(first.stream(), first.text(), start));
            }
        }
    }

    /** The outputs as a client sees them: the head, the marker, the tail; text of one stream merged. */
    public List<Output> outputs() {
        List<Output> out = new ArrayList<>(head);
        String stream = openStream;
        StringBuilder text = new StringBuilder(openText);
        if (droppedBytes > 0) {
            if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') {
                text.append('\n');
            }
            if (stream == null) {
                stream = tail.isEmpty() ? "stdout" : tail.getFirst().stream();
            }
            text.append("… ").append(ByteSize.describe(droppedBytes)).append(" of output dropped …\n");
        }
        for (Chunk c : tail) {
            if (!c.stream().equals(stream)) {
                flush(out, stream, text);
                stream = c.stream();
            }
            text.append(c.text(), c.start(), c.text().length());
        }
        flush(out, stream, text);
        return out;
    }

    /**
     * The most characters of rich displays (images, HTML: base64 and markup) one cell keeps,
     * whatever its text limit: a loop that shows a thousand figures keeps the first ones and a
     * note, and a cell with its text at the largest output limit still fits in one message.
     */
    public static final long DISPLAY_CAP = 4L << 20;
    public static final String DISPLAYS_DROPPED = "… more displays dropped: this cell's images and rich outputs are over "
            + ByteSize.describe(DISPLAY_CAP) + " …\n";

    /**
     * The output to add after {@code outputs} for this display, or null when nothing is added:
     * the display itself while the cell's displays fit in {@link #DISPLAY_CAP}, then one note
     * that later ones were dropped.
     */
    public static Output admitDisplay(List<Output> outputs, Output.Display display) {
        long held = 0;
        for (Output o : outputs) {
            if (o instanceof Output.Display d) {
                held += size(d);
            } else if (o instanceof Output.Stream s && s.text().equals(DISPLAYS_DROPPED)) {
                return null;
            }
        }
        return held + size(display) <= DISPLAY_CAP ? display : new Output.Stream("stderr", DISPLAYS_DROPPED);
    }

    private static long size(Output.Display d) {
        return d.data().values().stream().mapToLong(String::length).sum();
    }

    /** The characters of text an output holds; tables count by their cells shown. */
    public static long textLength(Output o) {
        if (o instanceof Output.Stream s) {
            return s.text().length();
        }
        if (o instanceof Output.Table t) {
            long own = t.data() == null ? 0 : t.data().values().stream().mapToLong(String::length).sum();
            return 16L * t.rows().size() * Math.max(1, t.columns().size()) + own;
        }
        return o instanceof Output.Text t ? t.text().length() : 0;
    }

    /**
     * Whether outputs need {@link #bound}: their streams together, or one display value, are
     * over the limit. Outputs already bounded carry a short marker beyond it, hence the slack:
     * cutting them again would replace the marker's count with a count of a few characters.
     */
    public static boolean exceeds(List<Output> outputs, long limitChars) {
        long streams = 0;
        for (Output o : outputs) {
            if (o instanceof Output.Stream s) {
                streams += s.text().length();
            } else if (o instanceof Output.Text t && t.text().length() > limitChars + MARKER_SLACK) {
                return true;
            }
        }
        return streams > limitChars + MARKER_SLACK;
    }

    /** Outputs within the limit: streams cut only when they are over it, each display value on its own. */
    public static List<Output> bound(List<Output> outputs, long limitChars) {
        long streams = outputs.stream().mapToLong(o -> o instanceof Output.Stream s ? s.text().length() : 0).sum();
        if (streams > limitChars + MARKER_SLACK) {
            return new OutputBudget(limitChars, outputs).outputs();
        }
        return outputs.stream().map(o -> o instanceof Output.Text t && t.text().length() > limitChars + MARKER_SLACK
                ? shortened(t, limitChars) : o).toList();
    }

    /** A display value too long to keep whole: its start and end, with the same marker as streams. */
    private static Output.Text shortened(Output.Text t, long limitChars) {
        StringBuilder text = new StringBuilder();
        new OutputBudget(limitChars, List.of(new Output.Stream("stdout", t.text()))).outputs()
                .forEach(o -> text.append(((Output.Stream) o).text()));
        return new Output.Text(text.toString(), t.kind());
    }

    private void closeOpenText() {
        flush(head, openStream, openText);
        openStream = null;
    }

    private static void flush(List<Output> out, String stream, StringBuilder text) {
        if (stream != null && !text.isEmpty()) {
            out.add(new Output.Stream(stream, text.toString()));
        }
        text.setLength(0);
    }

    /** Never ends the head between the two halves of a surrogate pair. */
    private static int safeEnd(String s, int end) {
        return end > 0 && end < s.length() && Character.isHighSurrogate(s.charAt(end - 1)) ? end - 1 : end;
    }

    /** Never starts the tail on the second half of a surrogate pair. */
    private static int safeStart(String s, int start) {
        return start < s.length() && Character.isLowSurrogate(s.charAt(start)) ? start + 1 : start;
    }

    private static long utf8Length(String s, int from, int to) {
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }
}
