package dev.warden.users.entity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The three roles; the name is what the token's {@code groups} claim carries. */
public enum Role {
    ADMIN, ANALYST, VIEWER;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String value) {
        return Arrays.stream(values()).filter(r -> r.value().equals(value)).findFirst();
    }
}
