package dev.warden.it;

import io.swagger.v3.oas.models.media.Schema;
import jakarta.json.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The spoiled values {@link SpoiledMemberIT} sends for each member of a request body, read
 * from its schema in the served document: left out, null, of another type, at and past its
 * bounds, with characters JSON can say but text cannot hold, formats almost right.
 */
final class Spoils {

    /** A member left out of the body, instead of a JSON value. */
    static final String MISSING = "(missing)";

    private Spoils() {
    }

    /** Each member's path (nested members too) with the spoiled values to send for it, as JSON text. */
    static Map<String, List<String>> spoils(Schema<?> schema, String prefix) {
        Map<String, List<String>> spoils = new TreeMap<>();
        Schema<?> object = objectOf(schema);
        if (object == null || object.getProperties() == null) {
            return spoils;
        }
        for (Map.Entry<String, Schema> property : object.getProperties().entrySet()) {
            String path = prefix + property.getKey();
            Schema<?> member = property.getValue();
            Schema<?> nested = objectOf(member);
            if (nested != null && nested.getProperties() != null) {
                spoils.put(path, List.of(MISSING, "null", "\"x\"", "[]", "1"));
                spoils.putAll(spoils(nested, path + "."));
            } else if ("array".equals(member.getType())) {
                spoils.put(path, arraySpoils(member));
                Schema<?> items = objectOf(member.getItems());
                if (items != null && items.getProperties() != null) {
                    spoils.putAll(spoils(items, path + "[0]."));
                }
            } else {
                spoils.put(path, valueSpoils(member));
            }
        }
        return spoils;
    }

    /** The object schema of a member: itself, or the object of its anyOf (a nullable reference). */
    private static Schema<?> objectOf(Schema<?> schema) {
        if (schema == null) {
            return null;
        }
        if (schema.getProperties() != null) {
            return schema;
        }
        if (schema.getAnyOf() != null) {
            return schema.getAnyOf().stream().filter(s -> s.getProperties() != null).findFirst().orElse(null);
        }
        return null;
    }

    private static List<String> arraySpoils(Schema<?> array) {
        List<String> spoils = new ArrayList<>(List.of(MISSING, "null", "\"x\"", "{}", "[]", "[null]", "[1]", "[[]]",
                "[\"\\ud800\"]", "[\"\"]"));
        Schema<?> items = array.getItems();
        if (items != null && items.getEnum() != null && !items.getEnum().isEmpty()) {
            String first = Json.createValue(String.valueOf(items.getEnum().get(0))).toString();
            spoils.add("[" + first + "," + first + "]");
            spoils.add("[" + Json.createValue(String.valueOf(items.getEnum().get(0)).toUpperCase()) + "]");
            int max = array.getMaxItems() == null ? 100 : array.getMaxItems();
            spoils.add("[" + String.join(",", java.util.Collections.nCopies(max + 1, first)) + "]");
        }
        return spoils;
    }

    private static List<String> valueSpoils(Schema<?> member) {
        List<String> spoils = new ArrayList<>(List.of(MISSING, "null", "[]", "{}"));
        String type = String.valueOf(member.getType());
        switch (type) {
            case "integer" -> {
                long min = member.getMinimum() == null ? 0 : member.getMinimum().longValue();
                long max = member.getMaximum() == null ? 1000 : member.getMaximum().longValue();
                spoils.addAll(List.of("\"5\"", "true", String.valueOf(min), String.valueOf(max), String.valueOf(min - 1),
                        String.valueOf(max + 1), "0", "-0", "2147483648", "9223372036854775808", "-9223372036854775809",
                        "1.5", "1e2", "1e999"));
            }
            case "boolean" -> spoils.addAll(List.of("\"true\"", "0", "1"));
            default -> spoils.addAll(stringSpoils(member));
        }
        return spoils;
    }

    private static List<String> stringSpoils(Schema<?> member) {
        int max = member.getMaxLength() == null ? 300 : member.getMaxLength();
        List<String> texts = new ArrayList<>(List.of("", " ", "a".repeat(max + 1), "a".repeat(max),
                "\u00e9".repeat(max), "\uD83D\uDE00".repeat(max), "\uD83D\uDE00".repeat(max + 1), "\u001b[31m",
                "a\r\nb", "\uFEFF", " padded ", "' or '1'='1", "x".repeat(70 * 1024), "\u0130", "\u0661\u0662\u0663\u0664\u0665\u0666"));
        if (member.getEnum() != null && !member.getEnum().isEmpty()) {
            String first = String.valueOf(member.getEnum().get(0));
            texts.addAll(List.of(first.toUpperCase(), " " + first, first + " "));
        }
        String format = String.valueOf(member.getFormat());
        switch (format) {
            case "email" -> texts.addAll(List.of("a@b", "a@[127.0.0.1]", SpoiledMemberIT.unique("A") + "@WARDEN.TEST", "\"a b\"@x.org",
                    "a".repeat(65) + "@x.org", "a@x.org.", "a@-x.org", "\u00fc" + SpoiledMemberIT.unique("") + "@\u00fc.de",
                    "a@" + "b".repeat(64) + ".org", SpoiledMemberIT.unique("plus+") + "@warden.test"));
            case "uuid" -> texts.addAll(List.of("00000000-0000-0000-0000-000000000000", "ZZZ",
                    UUID.randomUUID().toString().toUpperCase(), UUID.randomUUID().toString().replace("-", ""),
                    "{" + UUID.randomUUID() + "}"));
            case "date-time" -> texts.addAll(List.of("0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                    "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-01-01", "2026-01-01T00:00:00",
                    "2026-01-01T00:00:00+25:00", "2026-01-01T00:00:00.123456789Z", "2026-01-01T24:00:00Z"));
            default -> {
            }
        }
        if ("^(?:[0-9]{6})$".equals(member.getPattern())) {
            texts.addAll(List.of("12345", "1234567", "12345a", " 123456"));
        }
        List<String> spoils = new ArrayList<>(List.of("1", "true", "1e999"));
        texts.forEach(text -> spoils.add(Json.createValue(text).toString()));
        // what JSON can say but a Java string cannot hold as text: NUL, a lone surrogate of either half
        spoils.addAll(List.of("\"a\\u0000b\"", "\"\\ud800\"", "\"x\\udfff\""));
        return spoils;
    }
}
