package dev.warden.audit.control;

import dev.warden.audit.entity.EventType;
import dev.warden.audit.entity.Outcome;
import dev.warden.platform.problem.WardenException;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Reads audit filter values as clients send them (query parameters, a report's filters),
 * answering 400 validation_failed with the field named for anything it cannot read.
 */
public final class FilterValues {

    private FilterValues() {
    }

    public static List<EventType> types(String field, Collection<String> values) {
        List<EventType> types = new ArrayList<>();
        for (String value : values) {
            if (value == null || value.isBlank()) {
                continue;
            }
            types.add(EventType.parse(value.trim()).orElseThrow(() ->
                    WardenException.invalid(field, "unknown event type '" + shorten(value) + "'")));
        }
        return types;
    }

    public static List<EventType> types(String field, String commaSeparated) {
        return commaSeparated == null ? List.of() : types(field, List.of(commaSeparated.split(",")));
    }

    public static UUID user(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw WardenException.invalid(field, "must be a user id (UUID)");
        }
    }

    public static Outcome outcome(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Outcome.parse(value.trim()).orElseThrow(() -> WardenException.invalid(field, "must be success or failure"));
    }

    /** The earliest and the latest instant a filter takes: years 1 to 9999, as ISO-8601 writes them without a sign. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /**
     * A timestamp of a filter. Java reads years far beyond what the database stores
     * (PostgreSQL: 4713 BC to 294276 AD; until 2026-12-04 such a filter was a 500), so the
     * years are held to 1..9999. The hour 24 is refused (RFC 3339, which the OpenAPI
     * document's date-time means, has none).
     */
    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            Instant parsed = Instant.parse(value.trim());
            // Java reads ISO-8601's 24:00 (the end of a day) as the next midnight; RFC 3339,
            // the document's date-time, has hours 00-23 only
            if (!parsed.isBefore(EARLIEST) && !parsed.isAfter(LATEST) && !value.toUpperCase(java.util.Locale.ROOT).contains("T24:")) {
                return parsed;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw WardenException.invalid(field, "must be an ISO-8601 UTC timestamp from year 1 to 9999, such as "
                + "2026-01-09T14:05:00Z");
    }

    /** since must not be after until. */
    public static void checkRange(String sinceField, Instant since, Instant until) {
        if (since != null && until != null && since.isAfter(until)) {
            throw WardenException.invalid(sinceField, "must not be after until");
        }
    }

    private static String shorten(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
