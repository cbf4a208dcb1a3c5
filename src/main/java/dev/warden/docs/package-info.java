/**
 * The API's description: the OpenAPI document at /openapi, generated from the resource
 * classes and the records they read and write (so it cannot drift from the wire), and
 * Swagger UI at /docs, served from the WAR.
 */
package dev.warden.docs;
