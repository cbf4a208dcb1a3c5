package dev.warden.audit.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Whether the audited action succeeded (the change happened) or was refused. */
public enum Outcome {
    SUCCESS, FAILURE;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Outcome> parse(String value) {
        return Arrays.stream(values()).filter(o -> o.value().equals(value)).findFirst();
    }
}
