/**
 * The service itself: effective settings, the JWT signing keys (generated on first start
 * and kept in the database, or configured as PEM), the encryption key for secrets at
 * rest, start-up (migrations, keys, bootstrap admin) and the create-admin tool.
 */
package dev.warden.system;
