/**
 * Rate limits per client address on the unauthenticated auth endpoints (login, refresh,
 * and the ones to come), counted in the database so that every instance of a cluster
 * shares them: a sliding window over two per-minute counters, enforced by one atomic
 * UPDATE per request. Uses audit (rate_limited) and platform.
 */
package dev.warden.ratelimit;
