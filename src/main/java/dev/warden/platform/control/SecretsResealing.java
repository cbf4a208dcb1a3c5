package dev.warden.platform.control;

/**
 * Fired once at start-up, after the check that every sealed value opens with
 * {@code warden.encryption.key} or {@code warden.encryption.previous-keys}: each component
 * that seals secrets at rest seals again, under the current key, the values a previous key
 * sealed (and those of the first format), and audits each transaction of it as
 * {@code secrets_resealed}. Observers run synchronously, before Warden reports ready; a
 * failure fails the start like any other start-up step. Safe to run on several instances
 * at once: a value is replaced only if it is still the value that was read.
 */
public record SecretsResealing() {
}
