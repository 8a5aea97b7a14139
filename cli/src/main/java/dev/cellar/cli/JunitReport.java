package dev.cellar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.model.CellInfo;
import dev.cellar.protocol.model.CellStatus;
import dev.cellar.protocol.model.Output;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A run as JUnit XML, the format CI servers read: one test case per cell, a failure with
 * its traceback for an error, skipped for a cell that could not run, stdout and stderr.
 */
final class JunitReport {
    private JunitReport() {
    }

    static String write(String suite, List<CellInfo> cells, ToLongFunction<String> millis, double seconds,
                        Map<String, JsonNode> parameters) {
        List<CellInfo> tests = cells.stream().filter(c -> c.kind().runs()).toList();
        long failures = tests.stream().filter(c -> c.status() == CellStatus.ERROR).count();
        long errors = tests.stream().filter(c -> c.status() == CellStatus.INTERRUPTED).count();
        long skipped = tests.stream().filter(c -> c.status() != CellStatus.OK && c.status() != CellStatus.ERROR
                && c.status() != CellStatus.INTERRUPTED).count();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuites name=\"cellar\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" "
                + "time=\"%.3f\">%n", tests.size(), failures, errors, skipped, seconds));
        x.append(String.format(Locale.ROOT, "  <testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" "
                + "time=\"%.3f\" timestamp=\"%s\">%n", attr(suite), tests.size(), failures, errors, skipped, seconds,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace("Z", "")));
        if (parameters != null && !parameters.isEmpty()) {
            // the values the run was given, where CI servers show a suite's properties
            x.append("    <properties>\n");
            parameters.forEach((name, value) -> x.append("      <property name=\"").append(attr(name)).append("\" value=\"")
                    .append(attr(value.isTextual() ? value.asText() : value.toString())).append("\"/>\n"));
            x.append("    </properties>\n");
        }
        for (CellInfo c : tests) {
            x.append(String.format(Locale.ROOT, "    <testcase classname=\"%s\" name=\"%s\" time=\"%.3f\">%n", attr(suite),
                    attr(c.id() + ": " + firstLine(c.code())), millis.applyAsLong(c.id()) / 1000.0));
            String trace = c.error() == null ? "" : c.error().traceback().isEmpty() ? c.error().summary()
                    : String.join("", c.error().traceback());
            switch (c.status()) {
                case OK -> { }
                case ERROR -> x.append("      <failure message=\"").append(attr(c.error() == null ? "failed" : c.error().summary()))
                        .append("\" type=\"").append(attr(c.error() == null ? "Error" : c.error().ename())).append("\">")
                        .append(text(trace)).append("</failure>\n");
                case INTERRUPTED -> x.append("      <error message=\"interrupted\" type=\"Interrupted\">").append(text(trace))
                        .append("</error>\n");
                default -> x.append("      <skipped message=\"").append(attr(c.error() != null ? c.error().summary()
                        : "not run (" + c.status().wireName() + ")")).append("\"/>\n");
            }
            String out = stream(c, "stdout");
            String err = stream(c, "stderr");
            if (!out.isEmpty()) {
                x.append("      <system-out>").append(text(out)).append("</system-out>\n");
            }
            if (!err.isEmpty()) {
                x.append("      <system-err>").append(text(err)).append("</system-err>\n");
            }
            x.append("    </testcase>\n");
        }
        return x.append("  </testsuite>\n</testsuites>\n").toString();
    }

    private static String stream(CellInfo c, String name) {
        StringBuilder sb = new StringBuilder();
        for (Output o : c.outputs()) {
            if (o instanceof Output.Stream s && s.name().equals(name)) {
                sb.append(s.text());
            }
        }
        return sb.toString();
    }

    private static String firstLine(String code) {
        String line = code.strip().lines().findFirst().orElse("");
        return line.length() > 60 ? line.substring(0, 59) + "…" : line;
    }

    /** XML 1.0 has no place for most control characters, even escaped: they are dropped. */
    private static String text(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> {
                    if (ch >= 0x20 || ch == '\n' || ch == '\t' || ch == '\r') {
                        sb.append(ch);
                    }
                }
            }
        }
        return sb.toString();
    }

    private static String attr(String s) {
        return text(s).replace("\"", "&quot;").replace("\n", "&#10;");
    }
}
