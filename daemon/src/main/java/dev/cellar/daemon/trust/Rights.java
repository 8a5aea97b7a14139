package dev.cellar.daemon.trust;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The header settings of a notebook that decide what its cells may do, as text: {@code null}
 * is "not set" (the daemon's default). A setting that widens rights once a confined cell
 * could have written it waits for a person; see {@link #widens}. A later key (such as
 * {@code net=}) joins by one line in {@link #KEYS}.
 */
public record Rights(Map<String, String> values) {

    /** The widening keys, in the order people see them. */
    public static final List<String> KEYS = List.of("sandbox", "approval", "python", "sql", "duckdb", "env", "net",
            "sql-autorun", "conns");

    /** Approval policies from the most permissive to the strictest (as {@code ApprovalPolicy} orders them). */
    private static final List<String> APPROVALS = List.of("auto", "ask-destructive", "ask-all");

    /** What a notebook that nobody confirmed gets in a folder a confined cell could write: confined, asking for everything. */
    public static final Rights NARROWEST = of(Map.of("sandbox", "on", "approval", "ask-all", "python", "auto",
            "duckdb", "memory"));

    public Rights {
        Map<String, String> ordered = new LinkedHashMap<>();
        for (String key : KEYS) {
            ordered.put(key, values.get(key));
        }
        values = Collections.unmodifiableMap(ordered);
    }

    public static Rights of(Map<String, String> values) {
        return new Rights(values);
    }

    public String get(String key) {
        return values.get(key);
    }

    /** These rights with {@code keys} taken from {@code other}. */
    public Rights withFrom(Rights other, Set<String> keys) {
        Map<String, String> next = new LinkedHashMap<>(values);
        keys.forEach(k -> next.put(k, other.get(k)));
        return new Rights(next);
    }

    /** The keys whose values differ. */
    public List<String> differences(Rights other) {
        return KEYS.stream().filter(k -> !Objects.equals(get(k), other.get(k))).toList();
    }

    /**
     * The keys in which these (wanted) rights are wider than {@code confirmed}: sandbox on to
     * off, a more permissive approval, {@code sql-autorun} on (or off no more), a connection
     * more in {@code conns}, any change of the others (another Python, database, environment, network).
     */
    public List<String> widens(Rights confirmed) {
        List<String> wider = new ArrayList<>();
        for (String key : differences(confirmed)) {
            if (wider(key, get(key), confirmed.get(key))) {
                wider.add(key);
            }
        }
        return wider;
    }

    private static boolean wider(String key, String wanted, String confirmed) {
        return switch (key) {
            case "sandbox" -> !"on".equals(wanted);
            case "approval" -> widerApproval(wanted, confirmed);
            // queries a server bills for, run without a person asking; the default (unset) autoruns DuckDB and a
            // connection added with --autorun, so it is wider than off
            case "sql-autorun" -> "on".equals(wanted) || wanted == null && "off".equals(confirmed);
            case "conns" -> !listed(confirmed).containsAll(listed(wanted)); // a connection more for cells to name
            default -> true;
        };
    }

    private static List<String> listed(String commaList) {
        return commaList == null || commaList.isEmpty() ? List.of() : List.of(commaList.split(","));
    }

    /** Not set means the daemon's policy, which may be any: it is only known to be no wider than auto, no stricter than ask-all. */
    private static boolean widerApproval(String wanted, String confirmed) {
        if (wanted == null) {
            return !"auto".equals(confirmed);
        }
        if (confirmed == null) {
            return !"ask-all".equals(wanted);
        }
        return APPROVALS.indexOf(wanted) < APPROVALS.indexOf(confirmed);
    }

    /** {@code sandbox=off approval=auto}: the keys that are set, as a header writes them. */
    public String describe() {
        List<String> set = new ArrayList<>();
        values.forEach((k, v) -> {
            if (v != null) {
                set.add(k + "=" + v);
            }
        });
        return set.isEmpty() ? "(no settings)" : String.join(" ", set);
    }

    /** One key as people read it: {@code approval=(daemon's default)}. */
    public String describe(String key) {
        String v = get(key);
        return key + "=" + (v == null ? "(default)" : v);
    }
}
