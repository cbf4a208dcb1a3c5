package dev.warden.listener;

import java.nio.charset.StandardCharsets;

/**
 * The problem documents the listener answers with: the same shape as the application's
 * ({@code dev.warden.platform.problem.Problems}) and only codes of its catalogue
 * ({@code ErrorCode}), which this jar cannot see; {@code ContainerAnswersIT} checks both.
 */
record Problem(int status, String code, String detail) {

    static final String MEDIA_TYPE = "application/problem+json";

    static final Problem NOT_HTTP = new Problem(400, "bad_request",
            "Not an HTTP/1.1 request: the request line must be a method, a path and HTTP/1.1");
    static final Problem MALFORMED = new Problem(400, "bad_request",
            "Not a well-formed HTTP/1.1 request: check the request line, header names, "
                    + "Content-Length, chunked framing and Host");
    static final Problem INVALID_PATH = new Problem(400, "bad_request",
            "The request path is not one Warden accepts: it has a . or .. segment, an encoded NUL, "
                    + "a backslash, or a % not followed by two hex digits");
    static final Problem CONNECT = new Problem(405, "method_not_allowed", "The method CONNECT is not used by this service");
    static final Problem VERSION = new Problem(400, "bad_request",
            "Only HTTP/1.0 and HTTP/1.1 are spoken here");

    /** The problem for a status the container answered without a body. */
    static Problem forStatus(int status, String reason) {
        return switch (status) {
            case 400 -> "Invalid URI".equalsIgnoreCase(reason) ? INVALID_PATH : MALFORMED;
            case 404 -> new Problem(404, "not_found", "No such resource");
            case 405, 501 -> new Problem(405, "method_not_allowed", "Method not allowed on this resource");
            case 413 -> new Problem(413, "payload_too_large", "Request bodies are limited to 64 KiB");
            case 414 -> new Problem(414, "uri_too_long", "Request URIs are limited to 8 KiB");
            case 431 -> new Problem(431, "headers_too_large",
                    "Request headers are limited to 100 fields, 8 KiB each and 16 KiB in all");
            case 503 -> new Problem(503, "service_unavailable", "Warden is unavailable; retry shortly");
            case 505 -> VERSION;
            default -> status >= 500
                    ? new Problem(500, "internal_error", "Unexpected server error")
                    : new Problem(400, "bad_request", "The request is not valid");
        };
    }

    /** The application's titles (JAX-RS reason phrases), so both write the same document. */
    String title() {
        return switch (status) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Request Entity Too Large";
            case 414 -> "Request-URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }

    byte[] body() {
        // fixed texts without quotes or backslashes: no JSON escaping needed
        return ("{\"type\":\"urn:warden:problem:" + code + "\",\"title\":\"" + title() + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"code\":\"" + code + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A whole HTTP/1.1 response, for answers made below the codec: the given header lines
     * (each ending in CRLF), then the problem's.
     */
    byte[] response(String otherHeaders, boolean close) {
        byte[] body = body();
        byte[] head = ("HTTP/1.1 " + status + " " + title() + "\r\n" + otherHeaders
                + "Content-Type: " + MEDIA_TYPE + "\r\nContent-Length: " + body.length
                + (close ? "\r\nConnection: close" : "") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }
}
