package dev.warden.platform.boundary;

import dev.warden.platform.control.PageRequest;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.FieldError;
import dev.warden.platform.problem.WardenException;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

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
        Reading reading = new Reading();
        PageRequest request = page(reading, page, size);
        reading.done();
        return request;
    }

    /** The page and size, their faults kept in the reading; {@code null} if either is wrong. */
    public static PageRequest page(Reading reading, String page, String size) {
        Integer number = reading.read(() -> integer("page", page, 1, 1, MAX_PAGE));
        Integer count = reading.read(() -> integer("size", size, DEFAULT_SIZE, 1, MAX_SIZE));
        return number == null || count == null ? null : new PageRequest(number, count);
    }

    /**
     * Reads a request's parameters one by one and keeps what is wrong with each, so that
     * the 400 names every bad parameter at once (as a body's validation does), not the
     * first only: {@code read} each, then {@code done}, which throws the 400 if anything was
     * wrong, before any value read is used.
     */
    public static final class Reading {
        private final List<FieldError> errors = new ArrayList<>();

        /** The value read, or {@code null} if the parameter is wrong (its fault kept for {@link #done}). */
        public <T> T read(Supplier<T> read) {
            try {
                return read.get();
            } catch (WardenException e) {
                if (e.errorCode() != ErrorCode.VALIDATION_FAILED) {
                    throw e;
                }
                errors.addAll(e.errors());
                return null;
            }
        }

        /** A check that reads nothing (a length, or a range of values read before, which a wrong one left null). */
        public void check(Runnable check) {
            read(() -> {
                check.run();
                return null;
            });
        }

        /** Throws 400 {@code validation_failed} naming every wrong parameter, if any. */
        public void done() {
            if (!errors.isEmpty()) {
                throw WardenException.invalid(errors);
            }
        }
    }

    public static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            String digits = value.trim();
            // Integer.parseInt also reads other scripts' digits (page=\u0663 was page 3)
            if (!digits.chars().allMatch(c -> c >= '0' && c <= '9' || c == '+' || c == '-')) {
                throw new NumberFormatException(name);
            }
            int parsed = Integer.parseInt(digits);
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
