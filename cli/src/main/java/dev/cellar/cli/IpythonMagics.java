package dev.cellar.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPython's magics ({@code %matplotlib inline}, {@code %%time}, {@code !pip install x}) are not
 * Python: kept as they are, an imported cell fails with a syntax error. They become comments
 * that say what was removed, so the import is honest and the rest of the cell runs.
 */
final class IpythonMagics {
    private static final Pattern LINE_MAGIC = Pattern.compile("^(\\s*)(%[A-Za-z_]\\w*.*)$");
    private static final Pattern SHELL = Pattern.compile("^(\\s*)(![^=\\s].*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^%%([A-Za-z_]\\w*).*");
    /** Cell magics that only wrap Python code: the rest of the cell stays code. */
    private static final Set<String> PYTHON_CELL_MAGICS = Set.of("time", "timeit", "capture", "prun");

    private IpythonMagics() {
    }

    /** The code with its magics commented out, and each removed magic line. */
    record Cleaned(String code, List<String> removed) {
    }

    static Cleaned commentOut(String code) {
        List<String> removed = new ArrayList<>();
        String[] lines = code.split("\n", -1);
        Matcher cell = CELL_MAGIC.matcher(lines[0]);
        boolean wholeCell = cell.matches() && !PYTHON_CELL_MAGICS.contains(cell.group(1));
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                out.append('\n');
            }
            String line = lines[i];
            if (wholeCell) {
                if (i == 0) {
                    removed.add(line.strip() + " (the whole cell)");
                    out.append("# cellar: removed ").append(line.strip()).append(", not Python; its lines follow as comments\n");
                }
                out.append(line.isEmpty() ? "#" : "# " + line);
                continue;
            }
            Matcher magic = LINE_MAGIC.matcher(line);
            Matcher shell = SHELL.matcher(line);
            String indent = magic.matches() ? magic.group(1) : shell.matches() ? shell.group(1) : null;
            if (i == 0 && cell.matches()) {
                indent = "";
            }
            if (indent == null) {
                out.append(line);
                continue;
            }
            removed.add(line.strip());
            out.append(indent).append("# cellar: removed ").append(line.strip());
            if (!indent.isEmpty()) {
                out.append('\n').append(indent).append("pass"); // the block it sat in must keep a statement
            }
        }
        return new Cleaned(out.toString(), removed);
    }
}
