package dev.cellar.tui.state;

/** One line group of the chat pane: who said it and what. */
public record ChatLine(Kind kind, String text) {
    public enum Kind { USER, ASSISTANT, TOOL, RESULT, RESULT_FAILED, APPROVAL, INFO, ERROR }
}
