package dev.cellar.daemon.store;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What Jupytext makes of a percent-format marker line, for tests: a small Java copy of
 * {@code text_to_metadata(text, allow_title=True)} and {@code parse_key_equal_value} in
 * Jupytext's {@code cell_metadata.py}, and of the percent reader's {@code options_to_metadata}
 * in {@code cell_reader.py} (the cell type from {@code [markdown]}, {@code [md]} or
 * {@code [raw]} in the title, Spyder's {@code %} depth). Values are JSON, or else the few
 * Python literals {@code ast.literal_eval} would read in a marker line; anything else is what
 * Jupytext calls {@code incorrectly_encoded_metadata}.
 */
final class JupytextReader {
    /** The percent reader's start of a cell. */
    static final Pattern START = Pattern.compile("^\\s*#\\s*%%(%*)\\s(.*)$");
    private static final Pattern IDENTIFIER = Pattern.compile("^[a-zA-Z_.]+[a-zA-Z0-9_.]*$");
    private static final Pattern VALID_KEY = Pattern.compile("^[a-zA-Z0-9_.-]+$");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    /** A cell's header as Jupytext reads it: {@code code}, {@code markdown} or {@code raw}, and its metadata (the title included). */
    record Header(String cellType, Map<String, Object> metadata) {
        boolean wellFormed() {
            return !metadata.containsKey("incorrectly_encoded_metadata");
        }
    }

    private JupytextReader() {
    }

    static boolean isStart(String line) {
        return START.matcher(line).matches();
    }

    static Header read(String line) {
        String uncommented = line.startsWith("# ") ? line.substring(2) : line.startsWith("#") ? line.substring(1) : line;
        String options = uncommented.substring(uncommented.indexOf("%%") + 2);
        Object[] tm = textToMetadata(options);
        String title = (String) tm[0];
        @SuppressWarnings("unchecked")
        Map<String, Object> metadata = (Map<String, Object>) tm[1];
        String cellType = null;
        for (String type : new String[] {"markdown", "raw", "md"}) {
            String code = "[" + type + "]";
            if (title.contains(code)) {
                title = title.replace(code, "").strip();
                cellType = type.equals("raw") ? "raw" : "markdown";
                if (type.equals("md")) {
                    metadata.put("region_name", "md");
                }
                break;
            }
        }
        int depth = 0;
        while (title.startsWith("%")) {
            depth++;
            title = title.substring(1);
        }
        if (depth > 0) {
            metadata.put("cell_depth", depth);
            title = title.strip();
        }
        if (!title.isEmpty()) {
            metadata.put("title", title);
        }
        if (cellType == null) {
            Object active = metadata.get("active");
            cellType = active instanceof String a && !a.contains("ipynb") ? "raw" : "code";
        }
        return new Header(cellType, metadata);
    }

    /** {@code text_to_metadata(text, allow_title=True)}: the title, and the metadata. */
    static Object[] textToMetadata(String raw) {
        String text = raw.strip();
        int curly = text.indexOf('{');
        int eq = text.indexOf('=');
        if (curly < 0 || (0 <= eq && eq < curly)) {
            java.util.List<String> words;
            if (eq >= 0) {
                words = new java.util.ArrayList<>(java.util.List.of(text.substring(0, eq).split(" ", -1)));
                while (!words.isEmpty() && words.getLast().isEmpty()) {
                    words.removeLast();
                }
                if (!words.isEmpty()) {
                    words.removeLast();
                }
            } else {
                words = new java.util.ArrayList<>(java.util.List.of(text.split(" ", -1)));
            }
            while (!words.isEmpty() && (words.getLast().strip().isEmpty() || words.getLast().startsWith("."))) {
                words.removeLast();
            }
            String title = String.join(" ", words);
            return new Object[] {title, parseKeyEqualValue(text.substring(title.length()))};
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        try {
            metadata.putAll(JSON.readValue(text.substring(curly), Map.class));
        } catch (Exception e) {
            metadata.put("incorrectly_encoded_metadata", text.substring(curly));
        }
        return new Object[] {text.substring(0, curly).strip(), metadata};
    }

    static Map<String, Object> parseKeyEqualValue(String raw) {
        String text = raw.strip();
        Map<String, Object> result = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return result;
        }
        int lastSpace = text.lastIndexOf(' ');
        String lastWord = text.substring(lastSpace + 1);
        if (!text.startsWith("--") && IDENTIFIER.matcher(lastWord).matches()) {
            if (lastSpace > 0) {
                result.putAll(parseKeyEqualValue(text.substring(0, lastSpace)));
            }
            result.put(lastWord, null);
            return result;
        }
        int eq = text.length();
        while (true) {
            eq = eq <= 0 ? -1 : text.lastIndexOf('=', eq - 1);
            if (eq < 0) {
                result.put("incorrectly_encoded_metadata", text);
                return result;
            }
            String left = stripTrailing(text.substring(0, eq));
            int prevSpace = left.lastIndexOf(' ');
            String key = text.substring(prevSpace + 1, eq).strip();
            if (!VALID_KEY.matcher(key).matches()) {
                continue;
            }
            Object value;
            try {
                value = relaxJsonLoads(text.substring(eq + 1));
            } catch (IllegalArgumentException notAValue) {
                continue;
            }
            if (prevSpace > 0) {
                result.putAll(parseKeyEqualValue(text.substring(0, prevSpace)));
            }
            result.put(key, value);
            return result;
        }
    }

    private static Object relaxJsonLoads(String raw) {
        String text = raw.strip();
        try {
            return JSON.readValue(text, Object.class);
        } catch (Exception notJson) {
            // ast.literal_eval, for what a marker line holds in practice
            if (text.length() >= 2 && text.startsWith("'") && text.endsWith("'")
                    && text.indexOf('\'', 1) == text.length() - 1) {
                return text.substring(1, text.length() - 1);
            }
            return switch (text) {
                case "True" -> true;
                case "False" -> false;
                case "None" -> null;
                default -> throw new IllegalArgumentException(text);
            };
        }
    }

    private static String stripTrailing(String s) {
        return s.replaceAll("\\s+$", "");
    }
}
