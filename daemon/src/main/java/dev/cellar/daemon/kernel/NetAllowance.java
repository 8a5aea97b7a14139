package dev.cellar.daemon.kernel;

import dev.cellar.daemon.trust.NetEndpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The TCP endpoints a confined worker may connect to ({@code net=}), as the header wrote them.
 * Names are looked up here, by the daemon, each time a kernel starts ({@link #resolve}): the
 * worker gets addresses only, and its own DNS stays closed (no UDP socket). The last answer is
 * kept for people ({@link #describe}); two allowances are equal when they list the same endpoints.
 */
public final class NetAllowance {
    public static final NetAllowance NONE = new NetAllowance(List.of());

    private final List<NetEndpoint> endpoints;
    private volatile Map<NetEndpoint, List<String>> lastResolved = Map.of();

    private NetAllowance(List<NetEndpoint> endpoints) {
        this.endpoints = List.copyOf(endpoints);
    }

    /** From the header's {@code net=} list ({@code Settings.net}, already checked). */
    public static NetAllowance of(List<String> written) {
        return written.isEmpty() ? NONE : new NetAllowance(written.stream().map(NetEndpoint::parse).toList());
    }

    public boolean isEmpty() {
        return endpoints.isEmpty();
    }

    /** One address a worker may connect to: an IP literal and a port. */
    public record Address(String ip, int port) {
    }

    /**
     * Every address of every endpoint, names looked up now; UnknownHostException names the
     * endpoint that has none.
     */
    public List<Address> resolve() throws UnknownHostException {
        Set<Address> out = new LinkedHashSet<>();
        Map<NetEndpoint, List<String>> found = new LinkedHashMap<>();
        for (NetEndpoint e : endpoints) {
            List<String> ips = new ArrayList<>();
            try {
                for (InetAddress a : InetAddress.getAllByName(e.host())) {
                    ips.add(a.getHostAddress().replaceFirst("%.*$", ""));
                }
            } catch (UnknownHostException x) {
                throw new UnknownHostException("net=" + e + ": the daemon cannot resolve " + e.host() + " ("
                        + x.getMessage() + "); cells do not run until it can (or the endpoint is written as an address)");
            }
            found.put(e, List.copyOf(ips));
            ips.forEach(ip -> out.add(new Address(ip, e.port())));
        }
        lastResolved = Map.copyOf(found);
        return List.copyOf(out);
    }

    /** For people: {@code 127.0.0.1:8786}, {@code db.lan:5432 (10.0.0.3)} once the kernel has resolved it. */
    public List<String> describe() {
        Map<NetEndpoint, List<String>> resolved = lastResolved;
        return endpoints.stream().map(e -> {
            List<String> ips = resolved.get(e);
            boolean literal = ips != null && ips.size() == 1 && ips.get(0).equalsIgnoreCase(e.host());
            return e + (ips == null || literal ? "" : " (" + String.join(", ", ips) + ")");
        }).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetAllowance other && endpoints.equals(other.endpoints);
    }

    @Override
    public int hashCode() {
        return endpoints.hashCode();
    }

    @Override
    public String toString() {
        return endpoints.toString();
    }
}
