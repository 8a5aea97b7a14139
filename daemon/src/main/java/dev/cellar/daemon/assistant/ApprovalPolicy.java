package dev.cellar.daemon.assistant;

import java.util.Locale;

/** Which of the assistant's tool calls wait for a person's approval. */
public enum ApprovalPolicy {
    /** None. */
    AUTO,
    /** Deleting cells, and running cells the assistant did not write in this turn (the default). */
    ASK_DESTRUCTIVE,
    /** Every call that changes or runs something; reading never waits. */
    ASK_ALL;

    /** As the header and CELLAR_APPROVAL write it ({@code ask-destructive}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static ApprovalPolicy parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "ask-destructive" -> ASK_DESTRUCTIVE;
            case "ask-all" -> ASK_ALL;
            default -> throw new IllegalArgumentException("approval policy must be auto, ask-destructive or ask-all, not '"
                    + text + "'");
        };
    }
}
