/**
 * Outgoing mail: messages from templates shipped in the WAR (a plain-text and an HTML
 * part), sent through Jakarta Mail after the requesting transaction commits, off the
 * request thread, with retries and a bounded queue. In the embedded default run without
 * SMTP the mail goes to the server log under a clear marker instead.
 */
package dev.warden.mail;
