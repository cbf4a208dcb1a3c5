package dev.warden.platform.boundary;

import dev.warden.platform.control.PageRequest;
import dev.warden.platform.problem.WardenException;

import java.util.UUID;

/**
 * Parses query and path parameters itself: JAX-RS would answer a 404 for a query
 * parameter it cannot convert, where a client needs a 400 naming the parameter.
 */
public final class Params {

    private Params() {
    }

    /** The largest page number a list accepts. */
    public static final int MAX_PAGE = 1_000_000;
    /** The page size of a list when the request names none. */
    public static final int DEFAULT_SIZE = 20;
    /** The largest page size. */
    public static final int MAX_SIZE = 100;

    /** The page and size a list request asked for (SPEC 2: page from 1, size 1..100, default 20). */
    public static PageRequest page(String page, String size) {
        return new PageRequest(integer("page", page, 1, 1, MAX_PAGE), integer("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
    }

    public static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw WardenException.invalid(name, "must be a whole number from " + min + " to " + max);
    }

    public static Boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw WardenException.invalid(name, "must be true or false");
        };
    }

    /** A malformed id names no resource: 404, like an unknown one. */
    public static UUID id(String value, String what) {
        try {
            return UUID.fromString(value);
        } catch (RuntimeException e) {
            throw WardenException.notFound(what);
        }
    }
}
