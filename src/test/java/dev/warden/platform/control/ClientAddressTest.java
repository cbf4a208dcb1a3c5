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
        // a port number is read since 2026-12-07 (aHopWithAPortIsItsAddress); anything else after a colon is garbage
        assertEquals("10.1.2.3", cut.resolve("10.1.2.3", "203.0.113.1:http"), "a service name is not a port");
        assertEquals("10.1.2.3", cut.resolve("10.1.2.3", "\u0000, ;DROP TABLE users"));
        assertEquals("10.1.2.3", cut.resolve("10.1.2.3", ",,,"));
    }

    /** One text form per address, whatever the server or the proxy wrote (RFC 5952 for IPv6). */
    @Test
    void addressesComeOutInOneTextForm() {
        String[][] cases = {
                {"0:0:0:0:0:0:0:1", "::1"}, {"::1", "::1"}, {"[::1]", "::1"}, {"0:0:0:0:0:0:0:0", "::"},
                {"2001:DB8:0:0:0:0:0:1", "2001:db8::1"}, {"2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1"},
                {"2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"}, // one zero group stays
                {"2001:0:0:1:0:0:0:1", "2001:0:0:1::1"}, // the longest run
                {"2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"}, // of two equal runs, the first
                {"1:0:0:0:0:0:0:0", "1::"}, {"fe80:0:0:0:0:0:0:1%1", "fe80::1"},
                {"::ffff:192.0.2.7", "192.0.2.7"}, {"0:0:0:0:0:ffff:c000:0207", "192.0.2.7"},
                {"192.0.2.7", "192.0.2.7"}, {"not-an-address", "not-an-address"}};
        for (String[] c : cases) {
            assertEquals(c[1], ClientAddress.canonical(c[0]), c[0]);
        }
        ClientAddress cut = with("10.0.0.0/8");
        assertEquals("2001:db8::7", cut.resolve("10.0.0.1", "2001:0DB8:0:0:0:0:0:7"), "a proxy's long form");
        assertEquals("::1", cut.resolve("0:0:0:0:0:0:0:1", null), "the server's long form of the peer");
        assertEquals("203.0.113.9", cut.resolve("10.0.0.1", "::ffff:203.0.113.9"), "an IPv4-mapped hop");
    }

    /** Rate limits and the failed-logins alert count an IPv6 client by its network. */
    @Test
    void anIpv6ClientCountsByItsNetwork() {
        ClientAddress cut = with(null);
        assertEquals("2001:db8:1:2::/64", cut.network("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals("2001:db8:1:2::/64", cut.network("2001:db8:1:2::1"), "every address of one /64 alike");
        assertEquals("2001:db8:1:3::/64", cut.network("2001:db8:1:3::1"));
        assertEquals("::/64", cut.network("::1"));
        assertEquals("192.0.2.7", cut.network("192.0.2.7"), "IPv4: the address itself");
        assertEquals("garbage", cut.network("garbage"));
        assertEquals(null, cut.network(null));
        cut.ipv6Prefix = 56;
        assertEquals("2001:db8:1:200::/56", cut.network("2001:db8:1:2ff:1:2:3:4"));
        cut.ipv6Prefix = 60;
        assertEquals("2001:db8:1:2f0::/60", cut.network("2001:db8:1:2ff:1:2:3:4"));
        cut.ipv6Prefix = 128;
        assertEquals("2001:db8:1:2ff:1:2:3:4", cut.network("2001:db8:1:2ff:1:2:3:4"), "128: the address itself");
    }

    /** Some proxies (Azure's Application Gateway among them) write the client's port too. */
    @Test
    void aHopWithAPortIsItsAddress() {
        ClientAddress cut = with("10.0.0.0/8");
        assertEquals("203.0.113.9", cut.resolve("10.0.0.1", "203.0.113.9:4711"));
        assertEquals("2001:db8::9", cut.resolve("10.0.0.1", "[2001:db8::9]:4711"));
        assertEquals("2001:db8::9", cut.resolve("10.0.0.1", "[2001:db8::9]"));
        assertEquals("203.0.113.9", cut.resolve("10.0.0.1", "203.0.113.9:4711, 10.0.0.7:80"), "a trusted hop with a port");
        assertEquals("2001:db8::9", cut.resolve("10.0.0.1", "2001:db8::9"), "IPv6 without brackets has no port");
        for (String garbage : new String[] {"203.0.113.9:", "203.0.113.9:abc", "203.0.113.9:123456", "[2001:db8::9]:",
                "[2001:db8::9]x", "[2001:db8::9", "host.example:80", "203.0.113.9:80:80"}) {
            assertEquals("10.0.0.1", cut.resolve("10.0.0.1", garbage), garbage);
        }
    }

    /** warden.proxy-header=forwarded: the for= of each element of RFC 7239's header is a hop. */
    @Test
    void theForwardedHeaderOfRfc7239() {
        ClientAddress cut = with("10.0.0.0/8");
        cut.proxyHeader = "forwarded";
        assertEquals("Forwarded", cut.proxyHeader());
        assertEquals("192.0.2.60", cut.resolveFrom("10.0.0.1", "for=192.0.2.60;proto=http;by=203.0.113.43"));
        assertEquals("2001:db8:cafe::17", cut.resolveFrom("10.0.0.1", "For=\"[2001:db8:cafe::17]:4711\""));
        assertEquals("198.51.100.2", cut.resolveFrom("10.0.0.1",
                "for=192.0.2.60, for=198.51.100.2;proto=https, for=10.0.0.7"), "the right-most untrusted element");
        assertEquals("198.51.100.2", cut.resolveFrom("10.0.0.1",
                "for=192.0.2.60, proto=\"a,b;c\";for=198.51.100.2"), "separators in quotes separate nothing");
        assertEquals("10.0.0.1", cut.resolveFrom("10.0.0.1", "for=192.0.2.60, for=unknown"), "an unknown client");
        assertEquals("10.0.0.1", cut.resolveFrom("10.0.0.1", "for=_hidden"), "an obfuscated one");
        assertEquals("10.0.0.1", cut.resolveFrom("10.0.0.1", "proto=https"), "no for at all");
        assertEquals("10.0.0.1", cut.resolveFrom("10.0.0.1", "for=\"unterminated"), "garbage");
        assertEquals("192.0.2.60", cut.resolveFrom("192.0.2.60", "for=198.51.100.2"), "not from a trusted proxy");
        assertEquals("10.0.0.1", cut.resolveFrom("10.0.0.1", "198.51.100.2"), "an X-Forwarded-For value is not read");
        ClientAddress xff = with("10.0.0.0/8");
        assertEquals("X-Forwarded-For", xff.proxyHeader());
        assertEquals("10.0.0.1", xff.resolveFrom("10.0.0.1", "for=198.51.100.2"), "and the other way round");
    }
}
