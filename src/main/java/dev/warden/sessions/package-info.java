/**
 * Login sessions and their refresh tokens. A session is one login; each refresh
 * rotates its token (the old one retires); presenting a retired token again revokes
 * the whole session. A session never outlives {@code warden.session.max-lifetime} from
 * its login. Access tokens name their session ({@code sid}) and die with it. Users list
 * and end their own sessions; admins list and end all sessions of any user. Ended
 * sessions and expired refresh tokens are deleted after {@code warden.session.retention}.
 */
package dev.warden.sessions;
