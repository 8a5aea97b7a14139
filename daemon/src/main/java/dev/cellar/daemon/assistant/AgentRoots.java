package dev.cellar.daemon.assistant;

import dev.cellar.daemon.notebook.Notebooks;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where an agent may work: the folders (and everything under them) and the notebook files its
 * {@code cellar mcp} was started for: its working directory, the roots its MCP host declares,
 * the notebooks named on its command line. Compared on real paths, so a link inside a root
 * that leads out of it leads nowhere. {@link #ANYWHERE} for a caller that names none.
 */
record AgentRoots(List<Path> roots) {
    static final AgentRoots ANYWHERE = new AgentRoots(null);

    static AgentRoots of(List<String> paths) {
        if (paths == null) {
            return ANYWHERE;
        }
        List<Path> real = new ArrayList<>();
        for (String p : paths) {
            Path path = Path.of(p).toAbsolutePath().normalize();
            try {
                real.add(Files.exists(path) ? path.toRealPath() : path);
            } catch (IOException e) {
                real.add(path);
            }
        }
        return new AgentRoots(List.copyOf(real));
    }

    /** Whether {@code real} (a real path) lies in a root: under a folder root, or is a file root. */
    boolean contain(Path real) {
        return roots == null || roots.stream().anyMatch(r -> real.equals(r) || Files.isDirectory(r) && real.startsWith(r));
    }

    /** The real path {@code path} names, refused when it lies outside the roots. */
    Path check(String path) {
        Path real = Notebooks.canonical(path);
        if (!contain(real)) {
            throw new RpcException(ErrorCode.INVALID_PARAMS, path + " is outside the folders this MCP server works in ("
                    + String.join(", ", roots.stream().map(Path::toString).toList()) + "): start cellar mcp in the "
                    + "notebook's folder, name the notebook on its command line, or have your MCP host declare its folder "
                    + "as a root");
        }
        return real;
    }
}
