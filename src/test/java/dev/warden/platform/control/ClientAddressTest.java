package dev.warden.platform.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientAddressTest {

    private static ClientAddress with(String trusted) {
        ClientAddress cut = new ClientAddress();
        cut.trustedProxies = java.util.Optional.ofNullable(trusted);
        return cut;
    }

    @Test
    void withoutTrustedProxiesTheHeaderIsIgnored() {
        assertEquals("10.0.0.9", with(" ").resolve("10.0.0.9", "203.0.113.1"));
    }

    @Test
    void fromATrustedProxyTheRightmostUntrustedHopIsTheClient() {
        ClientAddress cut = with("10.0.0.0/8, 192.168.1.1");
        assertEquals("203.0.113.1", cut.resolve("10.1.2.3", "203.0.113.1"));
        assertEquals("198.51.100.2", cut.resolve("10.1.2.3", "203.0.113.1, 198.51.100.2, 192.168.1.1"));
        assertEquals("192.168.1.2", cut.resolve("192.168.1.2", "203.0.113.1"), "peer not trusted");
        assertEquals("10.1.2.3", cut.resolve("10.1.2.3", "evil.example, not-an-ip"), "garbage is not believed");
    }

    @Test
    void ipv6Ranges() {
        ClientAddress cut = with("2001:db8::/32");
        assertEquals("2001:db9::1", cut.resolve("2001:db8::5", "2001:db9::1"));
        assertEquals("::1", cut.resolve("::1", "2001:db9::1"));
    }

    @Test
    void aBadSettingFailsLoudly() {
        assertThrows(IllegalArgumentException.class, () -> with("proxy.local").resolve("10.0.0.1", "1.2.3.4"));
    }

    /** Found by starting Warden with each: a prefix length that is none answered logins 500. */
    @Test
    void aPrefixLengthOutOfRangeOrNotANumberIsRefusedNamingTheEntry() {
        for (String entry : new String[] {"10.0.0.0/33", "10.0.0.0/99", "10.0.0.0/abc", "10.0.0.0/", "10.0.0.0/-1",
                "10.0.0.0/+8", "fd00::/129", "10.0.0.0/8/8"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> ClientAddress.parse("127.0.0.1, " + entry), entry);
            assertTrue(refused.getMessage().contains("'" + entry + "' is not an IP address or a CIDR range"),
                    refused.getMessage());
        }
        assertEquals(4, ClientAddress.parse("10.0.0.0/0, 10.0.0.0/32, ::/0, fd00::/128").size());
    }

    /** Issue 11, bad input: garbage is ignored (the peer counts), never a failure. */
    @Test
    void garbageHopsAreNeverBelieved() {
        ClientAddress cut = with("10.0.0.0/8");
        String thousands = String.join(", ", java.util.Collections.nCopies(5000, "10.9.9.9"));
        assertEquals("10.9.9.9", cut.resolve("10.1.2.3", thousands), "all trusted: the left-most hop");
        assertEquals("10.1.2.3", cut.resolve("10.1.2.3", "fe80::1%eth0"), "an IPv6 zone name is not an address");
        assertEquals("10.1.2.3", cut.resolve("10.1.2.3", "203.0.113.1:8080"), "a port is not an address");
        assertEquals("10.1.2.3", cut.resolve("10.1.2.3", "\u0000, ;DROP TABLE users"));
        assertEquals("10.1.2.3", cut.resolve("10.1.2.3", ",,,"));
    }
}
