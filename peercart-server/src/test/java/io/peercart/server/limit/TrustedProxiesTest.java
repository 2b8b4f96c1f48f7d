package io.peercart.server.limit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Networks as the operator writes them, and the X-Forwarded-For walk from the right. */
class TrustedProxiesTest {
    static byte[] ip(String literal) { return TrustedProxies.literal(literal); }

    @Test
    void networksMatchTheirPrefixOnly() {
        TrustedProxies t = TrustedProxies.parse(List.of("10.0.0.0/8", "192.168.1.7", "fd00::/8", "172.16.0.0/12"));
        assertThat(t.contains(ip("10.255.1.2"))).isTrue();
        assertThat(t.contains(ip("11.0.0.1"))).isFalse();
        assertThat(t.contains(ip("192.168.1.7"))).isTrue();
        assertThat(t.contains(ip("192.168.1.8"))).isFalse();
        assertThat(t.contains(ip("172.31.255.255"))).isTrue();
        assertThat(t.contains(ip("172.32.0.0"))).isFalse();
        assertThat(t.contains(ip("fd12::1"))).isTrue();
        assertThat(t.contains(ip("fe80::1"))).isFalse();
        assertThat(TrustedProxies.parse(List.of("0.0.0.0/0")).contains(ip("8.8.8.8"))).isTrue();
    }

    @Test
    void namesAndBadPrefixesAreRefusedWithoutALookup() {
        for (String bad : List.of("localhost", "example.com", "10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/-1", ""))
            assertThatThrownBy(() -> TrustedProxies.parse(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--trusted-proxy");
        assertThatThrownBy(() -> TrustedProxies.parse(Collections.nCopies(TrustedProxies.MAX_NETWORKS + 1, "10.0.0.1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theClientIsTheNearestUntrustedHop() {
        TrustedProxies t = TrustedProxies.parse(List.of("10.0.0.0/8"));
        byte[] peer = ip("10.0.0.1");
        assertThat(ClientAddress.text(ClientAddress.fromHeader(List.of("1.1.1.1, 2.2.2.2, 10.0.0.9"), peer, t))).isEqualTo("2.2.2.2");
        assertThat(ClientAddress.text(ClientAddress.fromHeader(List.of("1.1.1.1", "10.0.0.9"), peer, t))).as("several headers").isEqualTo("1.1.1.1");
        assertThat(ClientAddress.text(ClientAddress.fromHeader(List.of("10.0.0.3, 10.0.0.9"), peer, t))).as("all trusted: the leftmost").isEqualTo("10.0.0.3");
        assertThat(ClientAddress.text(ClientAddress.fromHeader(List.of("1.1.1.1, junk, 10.0.0.9"), peer, t))).as("stops at junk").isEqualTo("10.0.0.9");
        assertThat(ClientAddress.text(ClientAddress.fromHeader(List.of("1.1.1.1:443"), peer, t))).as("not a literal: the peer").isEqualTo("10.0.0.1");
        assertThat(ClientAddress.text(ClientAddress.fromHeader(List.of("9.9.9.9,".repeat(400)), peer, t))).as("too long").isEqualTo("10.0.0.1");
        assertThat(ClientAddress.text(ip("2001:db8:1:2:3:4:5:6"))).isEqualTo("2001:db8:1:2:0:0:0:0/64");
    }
}
