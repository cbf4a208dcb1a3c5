package dev.warden.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The client's address: the TCP peer, unless the peer is one of
 * {@code warden.trusted-proxies} (addresses or CIDR ranges), in which case the
 * right-most X-Forwarded-For entry (or {@code Forwarded} element, with
 * {@code warden.proxy-header=forwarded}) that is not itself a trusted proxy. Anyone can
 * write the header, so it is never believed from an untrusted peer.
 * <p>
 * Addresses come out in one text form ({@link #canonical}), whatever the server or the
 * proxy wrote: {@code ::1}, never {@code 0:0:0:0:0:0:0:1}; an IPv4-mapped IPv6 address as
 * the IPv4 address. And {@link #network} is the client as the rate limits and the
 * failed-logins alert count it: an IPv4 address alone, an IPv6 address by its
 * {@code warden.client-ipv6-prefix} (64) network, since one host or one customer line
 * commonly holds a whole /64 and may send every request from an address of its own.
 */
@ApplicationScoped
public class ClientAddress {

    /**
     * Optional: empty by default, and MicroProfile Config counts an empty value as no value
     * (Payara's implementation lets it through as "", SmallRye's refuses it).
     */
    @Inject
    @ConfigProperty(name = "warden.trusted-proxies")
    Optional<String> trustedProxies = Optional.empty();

    /**
     * The header the trusted proxies name the client in: {@code x-forwarded-for} (the
     * default) or {@code forwarded} (RFC 7239). Only that one is read: a proxy that writes
     * one header commonly passes the other on from the client as it came.
     */
    @Inject
    @ConfigProperty(name = "warden.proxy-header", defaultValue = "x-forwarded-for")
    String proxyHeader = "x-forwarded-for";

    /** The length of the IPv6 prefix that is one client to the rate limits and alerts (32..128). */
    @Inject
    @ConfigProperty(name = "warden.client-ipv6-prefix", defaultValue = "64")
    int ipv6Prefix = 64;

    private static final Pattern IPV4 = Pattern.compile("[0-9.]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.%\\[\\]]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private volatile List<Cidr> trusted;

    /** The name of the header to read the client from ({@code warden.proxy-header}). */
    public String proxyHeader() {
        return "forwarded".equalsIgnoreCase(proxyHeader.trim()) ? "Forwarded" : "X-Forwarded-For";
    }

    /** The client's address from the peer and the value of {@link #proxyHeader()}, canonical. */
    public String resolveFrom(String peer, String headerValue) {
        return "Forwarded".equals(proxyHeader()) ? resolveForwarded(peer, headerValue) : resolve(peer, headerValue);
    }

    /** The client's address, in its {@link #canonical} form, from an X-Forwarded-For header. */
    public String resolve(String peer, String forwardedFor) {
        return canonical(chosen(peer, forwardedFor));
    }

    /**
     * The network a (canonical) client address counts in: the address itself for IPv4 (and
     * for anything that is not an address), for IPv6 its {@code warden.client-ipv6-prefix}
     * network as {@code 2001:db8:1:2::/64} (the address itself at 128).
     */
    public String network(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address; // IPv4, or no address
        }
        Optional<byte[]> bytes = bytes(address);
        if (bytes.isEmpty() || bytes.get().length == 4 || ipv6Prefix >= 128) {
            return address;
        }
        byte[] network = bytes.get();
        for (int bit = ipv6Prefix; bit < 128; bit++) {
            network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return ipv6Text(network) + "/" + ipv6Prefix;
    }

    /**
     * One text form for one address: IPv4 dotted; IPv6 as RFC 5952 recommends (lower case,
     * no leading zeros, the longest run of two or more zero groups, the first of equals,
     * as {@code ::}), an IPv4-mapped address as its IPv4 address, no zone. Anything that
     * is not a literal address is returned as it is.
     */
    public static String canonical(String address) {
        Optional<byte[]> bytes = bytes(address);
        if (bytes.isEmpty()) {
            return address;
        }
        byte[] b = bytes.get();
        return b.length == 4 ? (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff)
                : ipv6Text(b);
    }

    private static String ipv6Text(byte[] b) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int runStart = -1;
        int runLength = 0;
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > runLength && j - i >= 2) {
                runStart = i;
                runLength = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder text = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == runStart) {
                text.append("::");
                i += runLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /**
     * As {@link #resolve}, from a {@code Forwarded} header (RFC 7239) instead: the {@code for}
     * of each element is a hop ({@code warden.proxy-header=forwarded}).
     */
    public String resolveForwarded(String peer, String forwarded) {
        if (forwarded == null || forwarded.isBlank() || !isTrusted(peer)) {
            return canonical(peer);
        }
        return canonical(chosen(peer, ForwardedHeader.forValues(forwarded)));
    }

    private String chosen(String peer, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        if (hops.length == 0) {
            return peer; // only commas: no hop at all
        }
        return chosen(peer, java.util.Arrays.asList(hops));
    }

    /**
     * The right-most hop that is not a trusted proxy; the peer if a hop on the way there is
     * not an address (garbage, {@code unknown}, an obfuscated name): nothing before it can
     * be believed. A hop may carry a port, as some proxies write it ({@code 192.0.2.7:4711},
     * {@code [2001:db8::7]:4711}): the address is the client.
     */
    private String chosen(String peer, List<String> hops) {
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = withoutPort(hops.get(i).trim());
            if (!isLiteralAddress(hop)) {
                return peer;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return withoutPort(hops.get(0).trim());
    }

    /** {@code 192.0.2.7:4711} and {@code [2001:db8::7]:4711} without their port; anything else as it is. */
    static String withoutPort(String hop) {
        int colon = hop.lastIndexOf(':');
        if (hop.startsWith("[")) {
            int close = hop.indexOf(']');
            boolean bare = close == hop.length() - 1;
            boolean withPort = close > 0 && colon == close + 1 && isPort(hop.substring(colon + 1));
            return close > 0 && (bare || withPort) ? hop.substring(1, close) : hop;
        }
        if (colon > 0 && hop.indexOf(':') == colon && isPort(hop.substring(colon + 1))) {
            return hop.substring(0, colon); // one colon: an IPv4 address (or a name) and a port
        }
        return hop;
    }

    private static boolean isPort(String text) {
        return PORT.matcher(text).matches();
    }

    boolean isTrusted(String address) {
        List<Cidr> ranges = trusted;
        if (ranges == null) {
            ranges = parse(trustedProxies.orElse(null));
            trusted = ranges;
        }
        Optional<byte[]> bytes = bytes(address);
        return bytes.isPresent() && ranges.stream().anyMatch(range -> range.contains(bytes.get()));
    }

    /** The ranges of the setting; IllegalArgumentException names an entry that is none. */
    public static List<Cidr> parse(String setting) {
        List<Cidr> ranges = new ArrayList<>();
        if (setting == null) {
            return ranges;
        }
        for (String entry : setting.split(",")) {
            String value = entry.trim();
            if (value.isEmpty()) {
                continue;
            }
            String[] parts = value.split("/", 2);
            byte[] network = bytes(parts[0]).orElseThrow(() -> notAnAddress(value));
            // a prefix length, digits only: 0..32 for IPv4, 0..128 for IPv6
            int bits = parts.length == 1 ? network.length * 8
                    : parts[1].matches("[0-9]{1,3}") ? Integer.parseInt(parts[1]) : Integer.MAX_VALUE;
            if (bits > network.length * 8) {
                throw notAnAddress(value);
            }
            ranges.add(new Cidr(network, bits));
        }
        return List.copyOf(ranges);
    }

    private static IllegalArgumentException notAnAddress(String entry) {
        return new IllegalArgumentException("warden.trusted-proxies: '" + entry
                + "' is not an IP address or a CIDR range (such as 10.0.0.0/8 or fd00::/8); names are not resolved");
    }

    private static boolean isLiteralAddress(String value) {
        return bytes(value).isPresent();
    }

    /** Parses only literal IPv4/IPv6 addresses; never resolves names. */
    static Optional<byte[]> bytes(String value) {
        if (value == null || value.isEmpty()
                || !(IPV4.matcher(value).matches() || (value.indexOf(':') >= 0 && IPV6.matcher(value).matches()))) {
            return Optional.empty();
        }
        String literal = value.startsWith("[") && value.endsWith("]") ? value.substring(1, value.length() - 1) : value;
        try {
            return Optional.of(InetAddress.getByName(literal).getAddress());
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public record Cidr(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
