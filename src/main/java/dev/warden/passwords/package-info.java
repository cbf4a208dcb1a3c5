/**
 * Passwords as such: the policy every new password must pass (length, character
 * classes, not the username or email, not a common password, not one of the last few),
 * bcrypt hashing with NFKC normalisation and no 72-byte truncation, the upgrade of old or
 * imported hashes, the bound on concurrent bcrypt work, and the history of a user's past
 * hashes. Knows nothing of users or logins: the components above use it.
 */
package dev.warden.passwords;
