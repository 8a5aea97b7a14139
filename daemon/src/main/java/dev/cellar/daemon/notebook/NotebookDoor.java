package dev.cellar.daemon.notebook;

import dev.cellar.daemon.execution.Secrets;
import dev.cellar.daemon.store.NotebookStore;
import dev.cellar.protocol.rpc.ErrorCode;
import dev.cellar.protocol.rpc.RpcException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which files the daemon opens as notebooks, whoever asks ({@code notebook.open}, an agent's
 * {@code open_notebook}): a {@code .py} file that is not one of the user's secrets (the deny
 * list of confined cells) and whose text is a notebook's (a cell marker, a {@code # cellar:}
 * header, or nothing yet), or a new {@code .py} file when creating is asked. Decided on the
 * real path, so a link named {@code notes.py} to {@code ~/.bashrc} or to a key is refused like
 * its target. Anything else would hand its text to whoever asked as cell code, and let edits
 * of those "cells" rewrite it.
 */
final class NotebookDoor {
    private NotebookDoor() {
    }

    /** Throws the reason {@code real} (the canonical path of {@code requested}) is not opened as a notebook. */
    static void check(String requested, Path real, Secrets secrets, NotebookStore store) {
        String name = real.getFileName() == null ? "" : real.getFileName().toString();
        String which = requested + (Path.of(requested).normalize().equals(real) ? "" : " (" + real + ")");
        if (name.endsWith(".ipynb")) {
            throw refused(which + " is a Jupyter notebook: make a Cellar notebook of it with `cellar import " + requested
                    + "` (it writes a .py beside it)");
        }
        if (!name.endsWith(".py")) {
            throw refused(which + " is not a notebook: Cellar opens .py files in the percent format (cells marked `# %%`)");
        }
        if (secret(real, secrets)) {
            throw refused(which + " is among the user's secrets (" + secrets.home() + "/.ssh, .gnupg, .aws, .netrc, "
                    + ".config/cellar, the daemon's socket folder): never opened as a notebook");
        }
        if (!Files.exists(real)) {
            return; // created only when asked; NotebookSession says it is missing otherwise
        }
        try {
            String refusal = store.refusal(real);
            if (refusal != null) {
                throw refused(refusal);
            }
            if (!store.holdsNotebook(real)) {
                throw refused(which + " is not a notebook: it has no cell marker (`# %%`) and no `# cellar:` header. "
                        + "To make it one, add a line `# %%` at its top in your editor");
            }
        } catch (IOException e) {
            throw new RpcException(ErrorCode.NOTEBOOK_IO, "cannot read " + which + ": " + e.getMessage());
        }
    }

    /** On real paths both sides: a secret's folder may itself be a link (dotfiles kept in a repository). */
    private static boolean secret(Path real, Secrets secrets) {
        if (secrets.covers(real)) {
            return true;
        }
        for (Path s : secrets.paths()) {
            try {
                if (Files.exists(s) && real.startsWith(s.toRealPath())) {
                    return true;
                }
            } catch (IOException unreadable) {
                // a secret we cannot resolve: its literal path was checked above
            }
        }
        return false;
    }

    private static RpcException refused(String why) {
        return new RpcException(ErrorCode.NOTEBOOK_IO, why);
    }
}
