package dev.warden.alerts.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** open: needs attention (and absorbs repeats); acknowledged: someone is on it; resolved: done. */
public enum AlertStatus {
    OPEN, ACKNOWLEDGED, RESOLVED;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<AlertStatus> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.value().equals(value)).findFirst();
    }
}
