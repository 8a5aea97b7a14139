package dev.cellar.daemon.model;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/** Short random cell ids ({@code k3f9a2}): easy to type in a shell, stable in the file. */
public final class CellIds {
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";

    private CellIds() {
    }

    public static String next(Set<String> taken) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            StringBuilder id = new StringBuilder(6);
            id.append(ALPHABET.charAt(random.nextInt(24))); // a letter first: never parsed as a number
            for (int i = 1; i < 6; i++) {
                id.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            if (!taken.contains(id.toString())) {
                return id.toString();
            }
        }
    }
}
