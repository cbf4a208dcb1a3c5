/**
 * Authentication: login (password check through the Jakarta Security identity store,
 * lockout), access tokens (signed JWTs that MicroProfile JWT verifies), refresh,
 * logout, the caller's own identity, and the public signing keys (JWKS).
 */
package dev.warden.auth;
