package dev.warden.platform.control;

/** Who is calling from where, as recorded on sessions and (later) audit events. */
public record RequestInfo(String ipAddress, String userAgent) {

    public RequestInfo {
        if (userAgent != null && userAgent.length() > 512) {
            userAgent = userAgent.substring(0, 512);
        }
    }
}
