package dev.warden.platform.problem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the client caused or must be told about: carries its {@link ErrorCode} (the
 * HTTP status and the stable {@code code} of the spec) and a detail. Anything else
 * reaching the mappers is a 500.
 */
public class WardenException extends RuntimeException {

    private final ErrorCode code;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public WardenException(ErrorCode code, String detail) {
        this(code, detail, List.of());
    }

    public WardenException(ErrorCode code, String detail, List<FieldError> errors) {
        super(detail == null ? code.detail() : detail, null, false, false);
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

    public int status() { return code.status(); }
    public String code() { return code.code(); }
    public ErrorCode errorCode() { return code; }
    public List<FieldError> errors() { return errors; }
    public Map<String, Object> extensions() { return extensions; }
    public Map<String, String> headers() { return headers; }

    public static WardenException notFound(String what) {
        return new WardenException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static WardenException conflict(String detail) {
        return new WardenException(ErrorCode.CONFLICT, detail);
    }

    public static WardenException unauthorized(String detail) {
        return new WardenException(ErrorCode.UNAUTHORIZED, detail).header("WWW-Authenticate", "Bearer realm=\"warden\"");
    }

    /**
     * A bearer token was presented and refused: the challenge says so (RFC 6750 3.1), so a
     * client knows to get a new token rather than to add one.
     */
    public static WardenException invalidToken(String detail) {
        return new WardenException(ErrorCode.UNAUTHORIZED, detail).header("WWW-Authenticate",
                "Bearer realm=\"warden\", error=\"invalid_token\", error_description=\"" + detail + "\"");
    }

    public static WardenException invalid(List<FieldError> errors) {
        return new WardenException(ErrorCode.VALIDATION_FAILED, null, errors);
    }

    public static WardenException invalid(String field, String message) {
        return invalid(List.of(new FieldError(field, message)));
    }
}
