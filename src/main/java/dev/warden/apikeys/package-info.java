/**
 * Per-user API keys and the legacy static keys. A key is shown once, stored as its
 * SHA-256, carries the configured prefix and a checksum (malformed keys are refused
 * without a database read) and acts as its owner with the owner's role, through the
 * same {@code @RolesAllowed} checks as a bearer token. It stops working the moment its
 * owner is locked, deactivated or deleted. Legacy keys act with one configured role as
 * no user, and every answer says they are deprecated.
 */
package dev.warden.apikeys;
