package dev.warden.platform.problem;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * Builds RFC 9457 problem documents. The only place that knows their shape, so the
 * JAX-RS mappers and the servlet error page answer alike.
 */
public final class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "urn:warden:problem:";

    private Problems() {
    }

    public static JsonObject body(int status, String code, String detail, List<FieldError> errors,
                                  Map<String, Object> extensions) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("type", TYPE_PREFIX + code)
                .add("title", title(status))
                .add("status", status)
                .add("detail", detail == null ? title(status) : detail)
                .add("code", code);
        if (errors != null && !errors.isEmpty()) {
            JsonArrayBuilder list = Json.createArrayBuilder();
            errors.stream().distinct().forEach(e -> list.add(Json.createObjectBuilder()
                    .add("field", e.field()).add("message", e.message())));
            body.add("errors", list);
        }
        if (extensions != null) {
            extensions.forEach((name, value) -> {
                if (value == null) {
                    body.addNull(name);
                } else if (value instanceof Instant instant) {
                    body.add(name, instant.truncatedTo(ChronoUnit.SECONDS).toString());
                } else if (value instanceof Number number) {
                    body.add(name, number.longValue());
                } else {
                    body.add(name, value.toString());
                }
            });
        }
        return body.build();
    }

    public static Response response(WardenException e) {
        Response.ResponseBuilder builder = Response.status(e.status())
                .type(MEDIA_TYPE)
                .entity(body(e.status(), e.code(), e.getMessage(), e.errors(), e.extensions()).toString());
        e.headers().forEach(builder::header);
        return builder.build();
    }

    /** The same answer written straight to a servlet response (filters, the error page). */
    public static void write(jakarta.servlet.http.HttpServletResponse response, WardenException e)
            throws java.io.IOException {
        response.setStatus(e.status());
        response.setContentType(MEDIA_TYPE);
        response.setCharacterEncoding(java.nio.charset.StandardCharsets.UTF_8.name());
        e.headers().forEach(response::setHeader);
        byte[] bytes = body(e.status(), e.code(), e.getMessage(), e.errors(), e.extensions()).toString()
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // framed by its length, not by closing: after CONNECT the container keeps the connection open
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }


    public static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        if (known != null) {
            return known.getReasonPhrase();
        }
        return switch (status) {
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            default -> status >= 500 ? "Server Error" : "Client Error";
        };
    }
}
