package io.peercart.core.webhook;

import java.util.Optional;

/**
 * Which IP addresses a webhook may be delivered to: only globally routable unicast ones, unless
 * the operator allows private targets. Refused: unspecified, loopback, private (RFC 1918, IPv6
 * unique-local), carrier-grade NAT (100.64/10), link-local, multicast, broadcast, reserved,
 * documentation and benchmarking ranges, and the IPv6 forms that embed such an IPv4 address
 * (IPv4-mapped, IPv4-compatible, NAT64 64:ff9b::/96, 6to4 2002::/16). Pure: bytes in, a reason out.
 */
public final class TargetAddresses {
    private TargetAddresses() {}

    /** Why {@code address} (4 or 16 bytes, network order) may not receive webhooks; empty when it may. */
    public static Optional<String> refusal(byte[] address) {
        if (address.length == 4) return v4(address);
        if (address.length != 16) return Optional.of("not an IP address");
        return v6(address);
    }

    private static Optional<String> v4(byte[] a) {
        int b0 = a[0] & 0xff, b1 = a[1] & 0xff, b2 = a[2] & 0xff;
        if (b0 == 0) return Optional.of("an unspecified (0.0.0.0/8) address");
        if (b0 == 127) return Optional.of("a loopback address");
        if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) return Optional.of("a private (RFC 1918) address");
        if (b0 == 100 && (b1 & 0xc0) == 64) return Optional.of("a carrier-grade NAT (100.64.0.0/10) address");
        if (b0 == 169 && b1 == 254) return Optional.of("a link-local address");
        if (b0 >= 224 && b0 <= 239) return Optional.of("a multicast address");
        if (b0 >= 240) return Optional.of("a reserved or broadcast address");
        if (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) return Optional.of("a special-purpose (192.0.0.0/24, 192.0.2.0/24) address");
        if (b0 == 198 && (b1 & 0xfe) == 18) return Optional.of("a benchmarking (198.18.0.0/15) address");
        if ((b0 == 198 && b1 == 51 && b2 == 100) || (b0 == 203 && b1 == 0 && b2 == 113)) return Optional.of("a documentation address");
        return Optional.empty();
    }

    private static Optional<String> v6(byte[] a) {
        boolean zeroTo10 = true;
        for (int i = 0; i < 10; i++) zeroTo10 &= a[i] == 0;
        if (zeroTo10 && (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff) return embedded(a, 12, "IPv4-mapped");
        if (zeroTo10 && a[10] == 0 && a[11] == 0) {
            boolean allZero = true;
            for (int i = 12; i < 15; i++) allZero &= a[i] == 0;
            if (allZero && a[15] == 0) return Optional.of("the unspecified address (::)");
            if (allZero && a[15] == 1) return Optional.of("a loopback address");
            return embedded(a, 12, "IPv4-compatible");
        }
        int w0 = ((a[0] & 0xff) << 8) | (a[1] & 0xff);
        if (w0 == 0x0064 && a[2] == (byte) 0xff && a[3] == (byte) 0x9b) return embedded(a, 12, "NAT64");
        if (w0 == 0x2002) return embedded(a, 2, "6to4");
        if ((w0 & 0xfe00) == 0xfc00) return Optional.of("a unique-local (fc00::/7) address");
        if ((w0 & 0xffc0) == 0xfe80) return Optional.of("a link-local address");
        if ((w0 & 0xffc0) == 0xfec0) return Optional.of("a site-local address");
        if ((w0 & 0xff00) == 0xff00) return Optional.of("a multicast address");
        if (w0 == 0x2001 && a[2] == 0x0d && a[3] == (byte) 0xb8) return Optional.of("a documentation (2001:db8::/32) address");
        if ((w0 & 0xe000) != 0x2000) return Optional.of("an address outside global unicast (2000::/3)");
        return Optional.empty();
    }

    private static Optional<String> embedded(byte[] a, int from, String form) {
        byte[] v4 = {a[from], a[from + 1], a[from + 2], a[from + 3]};
        return v4(v4).map(r -> r + " (" + form + ")");
    }
}
