package dev.warden.platform.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the client caused or must be told about: carries the HTTP status and the
 * stable {@code code} of the spec. Anything else reaching the mappers is a 500.
 */
public class WardenException extends RuntimeException {

    private final int status;
    private final String code;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public WardenException(int status, String code, String detail) {
        this(status, code, detail, List.of());
    }

    public WardenException(int status, String code, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.errors = List.copyOf(errors);
    }

    public WardenException with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    public WardenException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() { return status; }
    public String code() { return code; }
    public List<FieldError> errors() { return errors; }
    public Map<String, Object> extensions() { return extensions; }
    public Map<String, String> headers() { return headers; }

    public static WardenException notFound(String what) {
        return new WardenException(404, "not_found", what + " not found");
    }

    public static WardenException conflict(String detail) {
        return new WardenException(409, "conflict", detail);
    }

    public static WardenException unauthorized(String detail) {
        return new WardenException(401, "unauthorized", detail).header("WWW-Authenticate", "Bearer realm=\"warden\"");
    }

    public static WardenException invalid(List<FieldError> errors) {
        return new WardenException(400, "validation_failed", "The request has invalid fields", errors);
    }

    public static WardenException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }
}
