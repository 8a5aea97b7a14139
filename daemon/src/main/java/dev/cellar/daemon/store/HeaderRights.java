package dev.cellar.daemon.store;

import dev.cellar.daemon.model.Settings;
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

    /**
     * What the header asks for. {@code env=} and {@code net=} are the lists the settings read
     * (every line that sets them adds to them, so a line added above a confirmed one widens too).
     */
    public static Rights of(String header) {
        Settings s = PercentFormat.settingsIn(header, new ArrayList<>());
        Map<String, String> values = new HashMap<>(written(header));
        values.put("env", s.env().isEmpty() ? null : String.join(",", s.env()));
        values.put("net", s.net().isEmpty() ? null : String.join(",", s.net()));
        values.put("sandbox", s.sandbox() ? "on" : "off");
        values.put("approval", s.approval());
        values.put("python", s.python());
        values.put("sql", s.sqlUrl());
        values.put("duckdb", s.duckdbFile() ? "file" : "memory");
        // as the parser reads it: a value it cannot read is the default, which autoruns where "off" did not
        values.put("sql-autorun", s.sqlAutorun() == null ? null : s.sqlAutorun() ? "on" : "off");
        // as the parser adds them up (the key may appear on several lines), sorted: the same list compares equal
        values.put("conns", s.conns().isEmpty() ? null : String.join(",", s.conns().stream().sorted().toList()));
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

    /**
     * {@code header} with {@code key=value} written: in place wherever a {@code # cellar:} line
     * sets the key (the rest of the line as it was), else added to the last {@code # cellar:}
     * line, else on a line of its own after the header's text (before its trailing blank lines).
     * {@code value} must hold no white space (the header splits on it).
     */
    public static String withSetting(String header, String key, String value) {
        if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(key + "=" + value + " cannot be written in a header (no white space)");
        }
        Pattern pair = Pattern.compile("(?<=\\s|:)" + Pattern.quote(key) + "=\\S*");
        String[] lines = header.split("\n", -1);
        int lastSettings = -1;
        boolean replaced = false;
        for (int i = 0; i < lines.length; i++) {
            if (SETTINGS_LINE.matcher(lines[i].strip()).matches()) {
                lastSettings = i;
                Matcher m = pair.matcher(lines[i]);
                if (m.find()) {
                    lines[i] = m.replaceAll(Matcher.quoteReplacement(key + "=" + value));
                    replaced = true;
                }
            }
        }
        if (replaced) {
            return String.join("\n", lines);
        }
        if (lastSettings >= 0) {
            lines[lastSettings] = lines[lastSettings].stripTrailing() + " " + key + "=" + value;
            return String.join("\n", lines);
        }
        String text = header.isEmpty() || header.endsWith("\n") || header.equals("\uFEFF") ? header : header + "\n";
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n' && (end < 2 || text.charAt(end - 2) == '\n')) {
            end--; // before the blank lines that part the header from the first cell
        }
        return text.substring(0, end) + "# cellar: " + key + "=" + value + "\n" + text.substring(end);
    }
}
