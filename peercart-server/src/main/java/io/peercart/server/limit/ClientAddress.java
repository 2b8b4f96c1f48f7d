package io.peercart.server.limit;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Who the client is, as an address: the connection's peer, or, when the peer is a trusted proxy,
 * the nearest address in {@code X-Forwarded-For} that is not itself a trusted proxy (read from the
 * right: the entries to the left of it were written by whoever the client is, and may be forged).
 * An IPv6 client is counted by its /64 network, which one subscriber usually holds whole.
 */
public final class ClientAddress {
    static final HeaderName FORWARDED_FOR = HeaderNames.create("X-Forwarded-For");
    /** A longer header is not read: the peer (the proxy) is taken as the client. */
    static final int MAX_HEADER = 2_048;

    private ClientAddress() {}

    /** The client address as the rate limits count it, resolved once per request (kept in its context). */
    public static String of(ServerRequest req, TrustedProxies trusted) {
        var known = req.context().get(Resolved.class);
        if (known.isPresent()) return known.get().address();
        String address = resolve(req, trusted);
        req.context().register(new Resolved(address));
        return address;
    }

    /** The address resolved by {@link #of(ServerRequest, TrustedProxies)}, else the peer's. */
    public static String of(ServerRequest req) {
        return of(req, TrustedProxies.NONE);
    }

    private record Resolved(String address) {}

    static String resolve(ServerRequest req, TrustedProxies trusted) {
        byte[] peer = req.remotePeer().address() instanceof InetSocketAddress a && a.getAddress() != null ? a.getAddress().getAddress() : null;
        if (peer == null) return String.valueOf(req.remotePeer().address());
        if (trusted.isEmpty() || !trusted.contains(peer)) return text(peer);
        return text(fromHeader(req.headers().all(FORWARDED_FOR, List::of), peer, trusted));
    }

    /** The nearest untrusted hop of the X-Forwarded-For values (in order of the headers), else the peer. */
    static byte[] fromHeader(List<String> values, byte[] peer, TrustedProxies trusted) {
        String joined = String.join(",", values);
        if (joined.isEmpty() || joined.length() > MAX_HEADER) return peer;
        String[] hops = joined.split(",");
        byte[] nearest = peer;
        for (int i = hops.length - 1; i >= 0; i--) {
            byte[] hop = TrustedProxies.literal(hops[i].strip());
            if (hop == null) return nearest; // not an address: what is left of it cannot be believed
            nearest = hop;
            if (!trusted.contains(hop)) return hop;
        }
        return nearest; // every hop a trusted proxy: the leftmost
    }

    static String text(byte[] address) {
        try {
            if (address.length == 16) { // the /64 network
                byte[] network = address.clone();
                for (int i = 8; i < 16; i++) network[i] = 0;
                return InetAddress.getByAddress(network).getHostAddress() + "/64";
            }
            return InetAddress.getByAddress(address).getHostAddress();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
