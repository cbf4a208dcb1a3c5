/**
 * Passwords: the policy every new password must pass (length, character classes, not
 * the username or email, not a common password, not one of the last few), bcrypt
 * hashing with NFKC normalisation and no 72-byte truncation, the upgrade of old or
 * imported hashes at login, the bound on concurrent bcrypt work, and a user's change of
 * their own password (current one confirmed, other sessions ended).
 */
package dev.warden.passwords;
