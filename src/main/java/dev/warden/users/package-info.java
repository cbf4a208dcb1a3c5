/**
 * Users and their administration: create, list, read, change (email, role, active),
 * delete, unlock, and import with bcrypt hashes from other systems (one transaction per
 * user; bad entries are reported, not fatal). Usernames and emails are unique ignoring
 * case. The last active admin cannot be demoted, deactivated or deleted. A user changes
 * their own password here too (current one confirmed, other sessions ended). A role
 * change, deactivation, deletion or password change fires {@code UserAccessRevoked},
 * on which the user's sessions end in the same transaction. Password reset by mail,
 * self-registration and email verification live here too, with the two web pages their
 * mails link to ({@code /reset-password}, {@code /verify-email}).
 */
package dev.warden.users;
