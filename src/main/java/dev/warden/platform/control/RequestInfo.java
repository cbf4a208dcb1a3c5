package dev.warden.platform.control;

/**
 * Who is calling from where, as recorded on sessions and audit events: the client's address
 * (canonical text, {@link ClientAddress}), the network it counts in for rate limits and
 * address alerts ({@link ClientAddress#network}: the address itself for IPv4), and the
 * user agent (cut to 512 characters).
 */
public record RequestInfo(String ipAddress, String network, String userAgent) {

    public RequestInfo {
        if (userAgent != null && userAgent.length() > 512) {
            userAgent = userAgent.substring(0, 512);
        }
    }
}
