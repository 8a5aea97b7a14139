package dev.cellar.daemon.trust;

import java.nio.file.Path;

/**
 * Whether an interpreter may be executed: {@link Free} (it lies where no confined cell can
 * write), {@link Confirmed} (a person confirmed this path with this content), or
 * {@link Unconfirmed}: nothing may run it (no version probe, no worker) until a person
 * confirms it; {@code previousSha256} is what was confirmed before (null: never).
 */
public sealed interface InterpreterCheck {
    record Free() implements InterpreterCheck {
    }

    record Confirmed(Path path, String sha256) implements InterpreterCheck {
    }

    record Unconfirmed(Path path, String sha256, String previousSha256) implements InterpreterCheck {
        /** {@code new} or {@code changed since it was confirmed}. */
        public String state() {
            return previousSha256 == null ? "new" : "changed since it was confirmed";
        }

        public String describe() {
            return path + " (sha256 " + sha256 + ", " + state() + ")";
        }
    }
}
