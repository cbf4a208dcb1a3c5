/**
 * Cross-cutting pieces every component uses: problem+json error mapping, JSON-B
 * configuration, the clock, client-address resolution, the datasource and schema
 * migration, request-size limits.
 */
package dev.warden.platform;
