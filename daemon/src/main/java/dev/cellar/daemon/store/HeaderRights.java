package dev.cellar.daemon.store;

import dev.cellar.daemon.notebook.Settings;
import dev.cellar.daemon.trust.Rights;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rights-widening settings of a header as {@link Rights} (read as the header's parser
 * reads them, so {@code sandbox=yes} counts as on), and the settings a notebook runs with
 * when some of them are held: the header with those keys replaced, never written anywhere.
 */
public final class HeaderRights {
    private static final Pattern SETTINGS_LINE = Pattern.compile("^#\\s*cellar:(.*)$");

    private HeaderRights() {
    }

    /** What the header asks for. Keys the settings do not read yet ({@code env=}, {@code net=}) count as written. */
    public static Rights of(String header) {
        Settings s = PercentFormat.settingsIn(header, new ArrayList<>());
        Map<String, String> values = new HashMap<>(written(header));
        values.put("sandbox", s.sandbox() ? "on" : "off");
        values.put("approval", s.approval());
        values.put("python", s.python());
        values.put("sql", s.sqlUrl());
        values.put("duckdb", s.duckdbFile() ? "file" : "memory");
        return Rights.of(values);
    }

    /**
     * The settings of {@code header} with {@code rights} for the widening keys (the confirmed
     * values of held keys); the header's own settings when they agree. Problems of the header
     * itself go to {@code problems}.
     */
    public static Settings settings(String header, Rights rights, List<String> problems) {
        Settings asWritten = PercentFormat.settingsIn(header, problems);
        List<String> replaced = rights.differences(of(header));
        if (replaced.isEmpty()) {
            return asWritten;
        }
        StringBuilder rewritten = new StringBuilder();
        for (String line : header.split("\n")) {
            Matcher m = SETTINGS_LINE.matcher(line.strip());
            if (!m.matches()) {
                rewritten.append(line).append('\n');
                continue;
            }
            List<String> kept = new ArrayList<>();
            for (String pair : m.group(1).strip().split("\\s+")) {
                int eq = pair.indexOf('=');
                if (eq <= 0 || !replaced.contains(pair.substring(0, eq))) {
                    kept.add(pair);
                }
            }
            rewritten.append("# cellar: ").append(String.join(" ", kept)).append('\n');
        }
        List<String> put = new ArrayList<>();
        for (String key : replaced) {
            if (rights.get(key) != null) {
                put.add(key + "=" + rights.get(key));
            }
        }
        rewritten.append("# cellar: ").append(String.join(" ", put)).append('\n');
        return PercentFormat.settingsIn(rewritten.toString(), new ArrayList<>());
    }

    /** The keys as the header writes them (the last one wins, as in the parser). */
    private static Map<String, String> written(String header) {
        Map<String, String> values = new HashMap<>();
        for (String line : header.split("\n")) {
            Matcher m = SETTINGS_LINE.matcher(line.strip());
            if (m.matches()) {
                for (String pair : m.group(1).strip().split("\\s+")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        values.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
            }
        }
        return values;
    }
}
