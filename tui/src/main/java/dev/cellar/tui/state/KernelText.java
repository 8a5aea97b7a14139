package dev.cellar.tui.state;

import dev.cellar.protocol.model.KernelInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the kernel may do, in words: the status bar's part (what waits for a confirmation, the
 * Python, {@code sandbox:}, the {@code net=} endpoints a confined kernel may connect to, where SQL
 * runs), in forms from the fullest to the tersest so a narrow bar keeps the facts rather than the
 * details, and in full, one fact a line, for the {@code ?} screen. Pure.
 */
public final class KernelText {
    /** Between the status bar's parts. */
    public static final String SEP = " · ";

    private KernelText() {
    }

    /** The status bar's kernel part in full; null before the first snapshot. */
    public static String statusLine(KernelInfo k) {
        return k == null ? null : statusForms(k).getFirst();
    }

    /**
     * The status bar's kernel part, each form leaving out one more detail: the interpreter's
     * path, then the endpoints themselves (their count stays), then each connection (their count
     * and how many are unconfined stay), then the Python, then "A to confirm" after {@code HELD}
     * (the footer's first hint says it). Whole parts, separated by {@code " · "},
     * so a bar that still has no room drops them whole from the end ({@code HELD} and the sandbox
     * last). Distinct: a form that leaves out nothing new is not repeated.
     */
    public static List<String> statusForms(KernelInfo k) {
        if (k == null) {
            return List.of();
        }
        String held = k.pending() != null ? "HELD: A to confirm" : null;
        String python = k.description();
        String shortPython = python == null ? null : python.replaceFirst(" \\([^)]*\\)", "");
        String sandbox = "sandbox: " + k.sandbox();
        List<String> forms = new ArrayList<>();
        forms.add(join(held, python, sandbox, net(k, true), sql(k, true)));
        forms.add(join(held, shortPython, sandbox, net(k, true), sql(k, true)));
        forms.add(join(held, shortPython, sandbox, net(k, false), sql(k, true)));
        forms.add(join(held, shortPython, sandbox, net(k, false), sql(k, false)));
        forms.add(join(held, sandbox, net(k, false), sql(k, false)));
        forms.add(join(held == null ? null : "HELD", sandbox, net(k, false), sql(k, false))); // the footer says A confirms
        return forms.stream().distinct().toList();
    }

    /**
     * The kernel in full for the {@code ?} screen: a heading, then {@code label  value} lines (a
     * list goes on under its first value, one item a line), then a blank line. Empty before the
     * first snapshot.
     */
    public static List<String> details(KernelInfo k) {
        if (k == null) {
            return List.of();
        }
        List<Fact> facts = new ArrayList<>();
        if (k.pending() != null) {
            facts.add(new Fact("held", List.of(k.pending() + " (A to confirm)")));
        }
        facts.add(new Fact("python", List.of(Objects.requireNonNullElse(k.description(), "?"))));
        facts.add(new Fact("sandbox", List.of(k.sandbox())));
        if (k.problem() != null) {
            facts.add(new Fact("problem", List.of(k.problem())));
        }
        facts.add(new Fact("net", netInFull(k)));
        List<String> sql = k.sqlConnections();
        if (!sql.isEmpty()) {
            facts.add(new Fact("sql", sql));
        }
        if (k.env() != null && !k.env().isEmpty()) {
            facts.add(new Fact("env", List.of(String.join(", ", k.env()))));
        }
        int width = facts.stream().mapToInt(f -> f.label().length()).max().orElse(0);
        List<String> lines = new ArrayList<>(List.of("What this notebook's kernel may do", ""));
        for (Fact f : facts) {
            for (int i = 0; i < f.values().size(); i++) {
                String label = i == 0 ? f.label() : "";
                lines.add("  " + label + " ".repeat(width - label.length() + 2) + f.values().get(i));
            }
        }
        lines.add("");
        return lines;
    }

    private record Fact(String label, List<String> values) {
    }

    /** What {@code net=} lets cells reach, each endpoint a line; what it means without a sandbox, or without any. */
    private static List<String> netInFull(KernelInfo k) {
        List<String> endpoints = k.net() == null ? List.of() : k.net();
        if ("off".equals(k.sandbox())) {
            return endpoints.isEmpty() ? List.of("any endpoint (sandbox=off)")
                    : Stream.concat(endpoints.stream(), Stream.of("(sandbox=off: cells reach any endpoint anyway)")).toList();
        }
        return endpoints.isEmpty() ? List.of("none: a cell cannot open a connection") : endpoints;
    }

    /** What a restart says: the kernel, its sandbox, and (confined with net=) how many endpoints it may reach. */
    static String restarted(KernelInfo k) {
        String net = net(k, false);
        return "the kernel now runs " + k.description() + ", sandbox: " + k.sandbox() + (net == null ? "" : ", " + net);
    }

    /** {@code net: …} for the bar: the endpoints, or their count; null when there are none or no sandbox to keep to them. */
    private static String net(KernelInfo k, boolean full) {
        if (k.net() == null || k.net().isEmpty() || "off".equals(k.sandbox())) {
            return null; // unconfined, cells reach any endpoint: a list would read as a limit
        }
        int n = k.net().size();
        return "net: " + (full ? String.join(", ", k.net()) : n + (n == 1 ? " endpoint" : " endpoints"));
    }

    /** {@code sql: …} for the bar: each connection as the protocol words it, or (several) their count; null: none known. */
    private static String sql(KernelInfo k, boolean full) {
        List<String> each = k.sqlConnections();
        if (each.isEmpty()) {
            return null;
        }
        if (full || each.size() == 1) {
            return "sql: " + String.join(", ", each);
        }
        long unconfined = each.stream().filter(c -> c.startsWith("unconfined")).count();
        return "sql: " + each.size() + " connections, " + (unconfined == 0 ? "confined" : unconfined + " unconfined");
    }

    private static String join(String... parts) {
        return Stream.of(parts).filter(Objects::nonNull).collect(Collectors.joining(SEP));
    }
}
