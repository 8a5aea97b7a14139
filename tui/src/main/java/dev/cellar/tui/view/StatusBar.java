package dev.cellar.tui.view;

import dev.cellar.tui.state.KernelText;
import dev.cellar.tui.state.TuiState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The top line: the notebook and the connection, who else is here, then the kernel and what it
 * may do ({@link KernelText}). On a narrow terminal it gives up details before facts: the
 * interpreter's path, the name "cellar", the endpoints and connections themselves (their counts
 * stay), the Python; then the kernel's parts whole from the end (the sandbox last), and only
 * then words of the rest: no part is ever cut in two ("net: 2…").
 */
final class StatusBar {
    private static final String MORE = "  …";

    private StatusBar() {
    }

    /** The bar's text for {@code width} columns, with its leading space; shorter than the width. */
    static String text(TuiState s, int width) {
        int room = width - 1;
        String conn = s.connected() ? "connected" : s.notebookId() == null ? "starting" : "DISCONNECTED";
        String run = s.running() ? "  running" : "";
        String assistant = s.turnId() != null ? "  assistant working" : "";
        String state = s.path() + "  rev " + s.revision() + "  " + conn + run + assistant + here(s);
        List<String> forms = KernelText.statusForms(s.kernelInfo());
        if (forms.isEmpty()) {
            String whole = " cellar  " + state;
            return whole.length() <= room ? whole : Footer.shorten(" " + state, room);
        }
        List<String> tries = new ArrayList<>();
        tries.add(" cellar  " + state + "  " + forms.getFirst());
        tries.add(" cellar  " + state + "  " + forms.get(Math.min(1, forms.size() - 1)));
        for (String form : forms.subList(Math.min(1, forms.size() - 1), forms.size())) {
            tries.add(" " + state + "  " + form);
        }
        List<String> parts = Arrays.asList(forms.getLast().split(KernelText.SEP));
        for (int n = parts.size() - 1; n > 0; n--) {
            tries.add(" " + state + "  " + String.join(KernelText.SEP, parts.subList(0, n)) + MORE);
        }
        tries.add(" " + state + MORE);
        for (String t : tries) {
            if (t.length() <= room) {
                return t;
            }
        }
        return Footer.shorten(" " + state, room);
    }

    /** Who else is attached to the notebook ("" when nobody). */
    private static String here(TuiState s) {
        List<String> names = s.presence().others().stream().map(dev.cellar.protocol.model.PresenceInfo::name).distinct()
                .toList();
        return names.isEmpty() ? "" : "  here: " + String.join(", ", names);
    }
}
