/**
 * Warden: users, passwords, roles, sessions and the JWTs that MicroProfile JWT verifies.
 * One package per business component, each split into {@code boundary} (REST),
 * {@code control} (rules, transactions) and {@code entity} (JPA).
 */
package dev.warden;
