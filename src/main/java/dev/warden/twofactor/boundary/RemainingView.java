package dev.warden.twofactor.boundary;

/** How many backup codes are still unused. */
public record RemainingView(long remaining) {
}
