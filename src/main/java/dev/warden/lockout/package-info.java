/**
 * Account state that protects a login name: consecutive failed password checks, counted
 * exactly under concurrency, lock the name for {@code warden.lockout.duration} (PT0S:
 * until an admin unlocks); a locked name is refused before its password is looked at;
 * unknown names are counted and locked the same way, so lock answers reveal nothing.
 * Every password check of a login or of a sensitive change goes through
 * {@code PasswordCheck} here, so authentication, user self-service and administration
 * share one set of rules without depending on each other.
 */
package dev.warden.lockout;
