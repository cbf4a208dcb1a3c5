package dev.warden.platform.problem;

import java.util.Arrays;
import java.util.Locale;

/**
 * Every {@code code} the API can answer, with its HTTP status and default detail: the one
 * catalogue the throw sites, the exception mappers and the error page use (SPEC 2 and 5,
 * plus the README's additions). A new code is added here first.
 */
public enum ErrorCode {

    BAD_REQUEST(400, "The request is not valid"),
    VALIDATION_FAILED(400, "The request has invalid fields"),
    MALFORMED_JSON(400, "The body is not valid JSON of the expected shape"),
    WEAK_PASSWORD(400, "The password does not meet the password policy"),
    INVALID_CODE(400, "The code is wrong, expired or already used"),
    INVALID_TOKEN(400, "The token is invalid, expired or already used"),
    UNAUTHORIZED(401, "Valid credentials are required"),
    INVALID_CREDENTIALS(401, "Invalid username or password"),
    REFRESH_TOKEN_INVALID(401, "The refresh token is invalid or expired"),
    REFRESH_TOKEN_REUSED(401, "This refresh token was already used; the session has been revoked"),
    MFA_TOKEN_INVALID(401, "The MFA token is unknown, expired, used or out of attempts; log in again"),
    FORBIDDEN(403, "Your role does not allow this"),
    SESSION_REQUIRED(403, "This needs a bearer token of a login session; an API key cannot do it"),
    REAUTHENTICATION_REQUIRED(403, "This needs a recent login; log in again and repeat it"),
    ACCOUNT_LOCKED(403, "Too many failed logins; the account is locked"),
    ACCOUNT_DISABLED(403, "This account is disabled"),
    EMAIL_NOT_VERIFIED(403, "Verify your email address before logging in"),
    NOT_FOUND(404, "No such resource"),
    METHOD_NOT_ALLOWED(405, "Method not allowed on this resource"),
    NOT_ACCEPTABLE(406, "No acceptable representation"),
    CONFLICT(409, "The request conflicts with the current state"),
    LAST_ADMIN(409, "The last active admin cannot be demoted, deactivated or deleted"),
    API_KEY_LIMIT_REACHED(409, "The API key limit is reached"),
    PAYLOAD_TOO_LARGE(413, "Request bodies are limited to 64 KiB"),
    URI_TOO_LONG(414, "Request URIs are limited to 8 KiB"),
    UNSUPPORTED_MEDIA_TYPE(415, "Send application/json"),
    RATE_LIMITED(429, "Too many requests; retry shortly"),
    HEADERS_TOO_LARGE(431, "Request headers are limited to 100 fields, 8 KiB each and 16 KiB in all"),
    INTERNAL_ERROR(500, "Unexpected server error"),
    SERVICE_UNAVAILABLE(503, "The database is unavailable; retry shortly");

    private final int status;
    private final String detail;

    ErrorCode(int status, String detail) {
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    /** The stable snake_case code of the wire. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String detail() {
        return detail;
    }

    /** A failure of this kind with its default detail. */
    public WardenException exception() {
        return new WardenException(this, detail);
    }

    public WardenException exception(String detail) {
        return new WardenException(this, detail);
    }

    /** The code for a bare HTTP status that no domain failure explains (container errors). */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 431 -> HEADERS_TOO_LARGE;
            case 501 -> METHOD_NOT_ALLOWED; // a method the container does not implement for that path
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : BAD_REQUEST;
        };
    }

    /** Every code, for the OpenAPI description. */
    public static String list() {
        return String.join(", ", Arrays.stream(values()).map(ErrorCode::code).toList());
    }
}
