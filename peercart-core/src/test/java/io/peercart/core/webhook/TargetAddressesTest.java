package io.peercart.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetAddressesTest {

    /** Literals only: InetAddress parses them without a lookup. */
    private static byte[] bytes(String literal) throws UnknownHostException {
        byte[] b = InetAddress.getByName(literal).getAddress();
        if (literal.startsWith("::ffff:") && b.length == 4) { // the JDK turns a mapped literal into IPv4: rebuild the IPv6 form
            byte[] v6 = new byte[16];
            v6[10] = (byte) 0xff;
            v6[11] = (byte) 0xff;
            System.arraycopy(b, 0, v6, 12, 4);
            return v6;
        }
        return b;
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "127.9.9.9", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
            "100.64.0.1", "100.127.255.254", "169.254.169.254", "224.0.0.1", "239.255.255.250", "255.255.255.255", "240.0.0.1",
            "192.0.2.10", "198.18.0.1", "198.51.100.7", "203.0.113.9",
            "::", "::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "64:ff9b::10.0.0.1",
            "2002:c0a8:0101::1", "fc00::1", "fd12:3456::1", "fe80::1", "fec0::1", "ff02::1", "2001:db8::1", "100::1"})
    void refusesWhatIsNotGloballyRoutable(String literal) throws UnknownHostException {
        assertThat(TargetAddresses.refusal(bytes(literal))).as(literal).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.1.1.1", "8.8.8.8", "93.184.215.14", "172.15.255.255", "172.32.0.1", "100.63.255.255", "100.128.0.1",
            "192.169.0.1", "169.253.1.1", "223.255.255.255", "2606:4700:4700::1111", "2a00:1450:4001::200e", "::ffff:1.1.1.1",
            "64:ff9b::8.8.8.8", "2002:0808:0808::1"})
    void acceptsGlobalUnicast(String literal) throws UnknownHostException {
        assertThat(TargetAddresses.refusal(bytes(literal))).as(literal).isEmpty();
    }
}
