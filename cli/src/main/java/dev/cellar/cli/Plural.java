package dev.cellar.cli;

/** "1 cell", "2 cells": counts in messages read as English. */
final class Plural {
    private Plural() {
    }

    static String of(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
