package dev.cellar.tui.state;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cellar.protocol.rpc.RpcException;
import java.util.function.BiFunction;

/**
 * What a key (or an answer) asks of the world outside the state, as data: the UI loop
 * carries it out after the new state is in place, so key handling stays a pure function
 * that a test can call and read.
 */
public sealed interface Effect {

    /** A request to the daemon; its answer (or error) is turned into the next step on the UI thread. */
    record Request(String method, Object params, BiFunction<TuiState, JsonNode, Step> onOk,
                   BiFunction<TuiState, RpcException, Step> onError) implements Effect {
    }

    /** {@code text} to the terminal's clipboard (OSC 52, written by the loop beside Lanterna's output); already bounded. */
    record Clipboard(String text) implements Effect {
    }

    /**
     * The cell's {@code code} opened in the person's editor ({@code $VISUAL}, {@code $EDITOR}, else
     * {@code vi}) with the UI suspended; what the editor leaves comes back ({@code OutsideEdit.returned})
     * as an edit of {@code version}, or, {@code intoBuffer}, into the UI's editor unsaved (its
     * {@code code} was that editor's buffer). {@code fileName}: the temporary file's, whose extension
     * tells the editor the language.
     */
    record EditOutside(String cellId, long version, String code, String fileName, boolean intoBuffer) implements Effect {
        /** A cell's saved code, whose edit comes back saved. */
        public EditOutside(String cellId, long version, String code, String fileName) {
            this(cellId, version, code, fileName, false);
        }
    }

    /**
     * Every row of a table view written to {@code file} as CSV, read page by page
     * ({@code first}, then on from each page's end); {@code done} says how it went (the number of
     * rows, or the error), on the UI thread.
     */
    record SaveRows(dev.cellar.protocol.method.TableRowsParams first, java.nio.file.Path file,
                    BiFunction<TuiState, String, TuiState> done) implements Effect {
    }

    /** The UI ends. */
    record Quit() implements Effect {
    }

    /** A request whose answer changes nothing and whose error goes to the message line. */
    static Request request(String method, Object params) {
        return request(method, params, (s, r) -> s);
    }

    /** A request whose answer changes the state ({@code onOk}); its error goes to the message line. */
    static Request request(String method, Object params, BiFunction<TuiState, JsonNode, TuiState> onOk) {
        return new Request(method, params, (s, r) -> Step.of(onOk.apply(s, r)),
                (s, e) -> Step.of(s.withMessage(e.getMessage())));
    }
}
