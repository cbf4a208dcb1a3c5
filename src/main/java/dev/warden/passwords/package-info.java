/**
 * Passwords: the policy every new password must pass (length, character classes, not
 * the username or email, not a common password, not a recent one), bcrypt hashing with
 * NFKC normalisation and no 72-byte truncation, the upgrade of old or imported hashes
 * at login, and the bound on concurrent bcrypt work.
 */
package dev.warden.passwords;
