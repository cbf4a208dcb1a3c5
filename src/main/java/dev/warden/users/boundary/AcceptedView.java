package dev.warden.users.boundary;

/** The one answer of forgot-password, whoever the address belongs to. */
public record AcceptedView(String message) {
}
