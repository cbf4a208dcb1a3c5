package dev.warden.platform.problem;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.Comparator;
import java.util.List;

/**
 * Bean Validation failures of request records: 400 {@code validation_failed} with one
 * entry per failed field, named as on the wire (snake_case).
 */
@Provider
public class ValidationProblemMapper implements ExceptionMapper<ConstraintViolationException> {

    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldName(v), v.getMessage()))
                .distinct()
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
        return Problems.response(WardenException.invalid(errors));
    }

    /**
     * The member's path in the body as on the wire ({@code filters.event_types},
     * {@code filters.event_types[2]}), as {@code StrictJsonBodies} names its faults; until
     * 2026-12-04 only the last name ({@code event_types}), which left a nested member's
     * parent unsaid. A parameter without a body member is {@code body}.
     */
    static String fieldName(ConstraintViolation<?> violation) {
        StringBuilder path = new StringBuilder();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case PARAMETER -> parameter = node.getName();
                case PROPERTY, CONTAINER_ELEMENT -> {
                    if (node.isInIterable() && path.length() > 0) {
                        path.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
                    }
                    if (node.getKind() == jakarta.validation.ElementKind.PROPERTY) {
                        path.append(path.length() > 0 ? "." : "").append(snakeCase(node.getName()));
                    }
                }
                default -> {
                }
            }
        }
        if (path.length() > 0) {
            return path.toString();
        }
        return parameter == null || parameter.startsWith("arg") ? "body" : snakeCase(parameter);
    }

    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
