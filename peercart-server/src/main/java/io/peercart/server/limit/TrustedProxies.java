package io.peercart.server.limit;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of the proxies whose {@code X-Forwarded-For} this node believes ({@code serve
 * --trusted-proxy CIDR}, repeatable): IPv4 or IPv6 networks, or single addresses. Empty by
 * default: with no trusted proxy the client is the connection's peer, whatever a header says.
 */
public record TrustedProxies(List<Network> networks) {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());
    /** At most this many networks: the check runs on every request that came through a proxy. */
    public static final int MAX_NETWORKS = 64;

    public TrustedProxies {
        networks = List.copyOf(networks);
    }

    /** An address and how many of its leading bits must match. */
    public record Network(byte[] address, int bits) {
        boolean contains(byte[] other) {
            if (other.length != address.length) return false;
            int whole = bits / 8, rest = bits % 8;
            for (int i = 0; i < whole; i++) if (other[i] != address[i]) return false;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (other[whole] & mask) == (address[whole] & mask);
        }

        @Override
        public String toString() {
            try {
                return InetAddress.getByAddress(address).getHostAddress() + "/" + bits;
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code fd00::/8}, {@code ::1}: literal addresses
     * only (a name is refused, never looked up).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static TrustedProxies parse(List<String> cidrs) {
        if (cidrs.size() > MAX_NETWORKS) throw new IllegalArgumentException("at most " + MAX_NETWORKS + " trusted proxies");
        List<Network> out = new ArrayList<>();
        for (String cidr : cidrs) out.add(network(cidr.strip()));
        return new TrustedProxies(out);
    }

    static Network network(String cidr) {
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] address = literal(host);
        if (address == null) throw new IllegalArgumentException("--trusted-proxy " + cidr + ": not an IPv4 or IPv6 address or network (CIDR)");
        int max = address.length * 8, bits = max;
        if (slash >= 0) {
            String b = cidr.substring(slash + 1);
            if (!b.matches("[0-9]{1,3}") || Integer.parseInt(b) > max)
                throw new IllegalArgumentException("--trusted-proxy " + cidr + ": the prefix length is 0.." + max);
            bits = Integer.parseInt(b);
        }
        return new Network(address, bits);
    }

    /** The bytes of an IP literal, or null when it is not one (never a DNS lookup). */
    static byte[] literal(String host) {
        if (host.isEmpty() || host.length() > 45) return null;
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '.' || c == ':')) return null;
        }
        try {
            return InetAddress.ofLiteral(host).getAddress();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public boolean isEmpty() { return networks.isEmpty(); }

    public boolean contains(byte[] address) {
        for (Network n : networks) if (n.contains(address)) return true;
        return false;
    }

    @Override
    public String toString() { return networks.toString(); }
}
