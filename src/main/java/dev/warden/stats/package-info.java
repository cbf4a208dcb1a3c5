/**
 * Admin stats: a handful of aggregate queries over users, locks, sessions, API keys, the
 * audit trail and alerts, never rows loaded and counted in Java. Reads those components'
 * entities; nothing uses it.
 */
package dev.warden.stats;
