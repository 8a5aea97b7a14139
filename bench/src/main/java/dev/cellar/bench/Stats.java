package dev.cellar.bench;

import java.util.Arrays;
import java.util.Locale;

/** Order statistics of a sample, in milliseconds. */
record Stats(int n, double median, double p99, double min, double max) {

    static Stats ofNanos(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new Stats(s.length, ms(s[s.length / 2]), ms(s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)]),
                ms(s[0]), ms(s[s.length - 1]));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "median %.3f ms, p99 %.3f ms, min %.3f ms, max %.3f ms (n=%d)",
                median, p99, min, max, n);
    }
}
