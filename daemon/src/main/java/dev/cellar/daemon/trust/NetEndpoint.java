package dev.cellar.daemon.trust;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One endpoint of a header's {@code net=} (the TCP endpoints a confined kernel may connect
 * to): {@code host} is an IPv4 address, an IPv6 address (written in brackets,
 * {@code [::1]:5432}) or a name, which the daemon resolves when the kernel starts.
 */
public record NetEndpoint(String host, int port) {
    private static final Pattern FORM = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([A-Za-z0-9._-]+)):(\\d{1,5})");

    public NetEndpoint {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not between 1 and 65535");
        }
    }

    /** {@code HOST:PORT} or {@code [IPV6]:PORT}; IllegalArgumentException says what is wrong. */
    public static NetEndpoint parse(String written) {
        Matcher m = FORM.matcher(written);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + written + "' is not HOST:PORT (an IPv6 address in brackets: [::1]:5432)");
        }
        return new NetEndpoint(m.group(1) != null ? m.group(1) : m.group(2), Integer.parseInt(m.group(3)));
    }

    /** As a header writes it. */
    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
