package dev.cellar.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The kernel a Jupyter notebook was written for ({@code metadata.kernelspec} and
 * {@code language_info}), and the interpreter it names where this machine has it: the
 * kernelspec's {@code kernel.json} in Jupyter's data folders ({@code argv[0]}), else its
 * name ({@code python3}, {@code python3.11}) on PATH. Import only says so and suggests
 * {@code cellar kernel use}: which Python runs a notebook is chosen there, not here.
 */
record IpynbKernelspec(String name, String displayName, String language, Path interpreter) {

    static IpynbKernelspec read(Path ipynb, Map<String, String> env) {
        JsonNode meta;
        try {
            meta = Json.MAPPER.readTree(ipynb.toFile()).path("metadata");
        } catch (IOException e) {
            return new IpynbKernelspec(null, null, null, null);
        }
        JsonNode spec = meta.path("kernelspec");
        String name = spec.path("name").asText(null);
        String language = spec.path("language").asText(meta.path("language_info").path("name").asText(null));
        Path interpreter = name == null ? null : interpreter(name, env);
        return new IpynbKernelspec(name, spec.path("display_name").asText(null), language, interpreter);
    }

    /** What import prints about it (empty when the notebook names no kernel). */
    List<String> notes(Path notebook) {
        List<String> notes = new ArrayList<>();
        if (name == null) {
            return notes;
        }
        String label = name + (displayName != null && !displayName.equals(name) ? " (" + displayName + ")" : "");
        if (language != null && !language.equalsIgnoreCase("python")) {
            notes.add("the notebook was written for the " + language + " kernel " + label
                    + ": Cellar runs Python, so its cells were imported as Python");
        } else if (interpreter != null) {
            notes.add("the notebook's kernel " + label + " runs " + interpreter + "; to run it there: cellar kernel use "
                    + notebook + " " + interpreter);
        } else {
            notes.add("the notebook's kernel " + label + " names no interpreter found on this machine");
        }
        return notes;
    }

    private static Path interpreter(String name, Map<String, String> env) {
        for (Path kernels : kernelFolders(env)) {
            Path json = kernels.resolve(name).resolve("kernel.json");
            if (Files.isRegularFile(json)) {
                try {
                    String argv0 = Json.MAPPER.readTree(json.toFile()).path("argv").path(0).asText("");
                    Path found = executable(argv0, env);
                    if (found != null) {
                        return found;
                    }
                } catch (IOException e) {
                    // unreadable kernel.json: try the name
                }
            }
        }
        return name.matches("python[0-9.]*") ? executable(name, env) : null;
    }

    /** Jupyter's data folders, as {@code jupyter --paths} lists them on Linux (the user's first). */
    private static List<Path> kernelFolders(Map<String, String> env) {
        List<Path> folders = new ArrayList<>();
        for (String p : env.getOrDefault("JUPYTER_PATH", "").split(":")) {
            if (!p.isEmpty()) {
                folders.add(Path.of(p, "kernels"));
            }
        }
        String data = env.get("JUPYTER_DATA_DIR");
        if (data != null && !data.isEmpty()) {
            folders.add(Path.of(data, "kernels"));
        } else {
            String xdg = env.get("XDG_DATA_HOME");
            String home = env.get("HOME");
            if (xdg != null && !xdg.isEmpty()) {
                folders.add(Path.of(xdg, "jupyter", "kernels"));
            } else if (home != null && !home.isEmpty()) {
                folders.add(Path.of(home, ".local", "share", "jupyter", "kernels"));
            }
        }
        folders.add(Path.of("/usr/local/share/jupyter/kernels"));
        folders.add(Path.of("/usr/share/jupyter/kernels"));
        return folders;
    }

    /** An absolute path that is executable, or a bare name found on PATH; null otherwise. */
    private static Path executable(String command, Map<String, String> env) {
        if (command.isEmpty() || command.contains("{")) {
            return null;
        }
        if (command.contains("/")) {
            Path p = Path.of(command);
            return p.isAbsolute() && Files.isExecutable(p) ? p : null;
        }
        for (String dir : env.getOrDefault("PATH", "").split(":")) {
            Path p = dir.isEmpty() ? null : Path.of(dir, command);
            if (p != null && Files.isExecutable(p) && !Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }
}
