/**
 * The second factor: TOTP (RFC 6238) with backup codes, and the MFA step of a login.
 * Secrets are sealed under warden.encryption.key, backup codes and mfa tokens are kept
 * as keyed or plain hashes, and every check that consumes something (a code's time step,
 * a backup code, an mfa token's attempts) is one atomic statement or a row lock, so it
 * holds under concurrency and across instances.
 */
package dev.warden.twofactor;
