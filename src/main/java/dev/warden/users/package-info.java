/**
 * Users and their administration: create, list, read, change (email, role, active),
 * delete, unlock, and import with bcrypt hashes from other systems (one transaction per
 * user; bad entries are reported, not fatal). Usernames and emails are unique ignoring
 * case. The last active admin cannot be demoted, deactivated or deleted. A role change
 * or deactivation ends the user's sessions at once.
 */
package dev.warden.users;
