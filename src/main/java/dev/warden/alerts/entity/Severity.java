package dev.warden.alerts.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

public enum Severity {
    LOW, MEDIUM, HIGH;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Severity> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.value().equals(value)).findFirst();
    }
}
