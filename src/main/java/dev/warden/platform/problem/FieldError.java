package dev.warden.platform.problem;

/** One failed rule of a request field, as listed in a problem's {@code errors}. */
public record FieldError(String field, String message) {
}
