package dev.warden.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client's address: the TCP peer, unless the peer is one of
 * {@code warden.trusted-proxies} (addresses or CIDR ranges), in which case the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy. Anyone can write
 * the header, so it is never believed from an untrusted peer.
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

    private volatile List<Cidr> trusted;

    public String resolve(String peer, String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank() || !isTrusted(peer)) {
            return peer;
        }
        String[] hops = forwardedFor.split(",");
        if (hops.length == 0) {
            return peer; // only commas: no hop at all
        }
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!isLiteralAddress(hop)) {
                return peer;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return hops[0].trim();
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
                || !(value.matches("[0-9.]+") || (value.contains(":") && value.matches("[0-9a-fA-F:.%\\[\\]]+")))) {
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
