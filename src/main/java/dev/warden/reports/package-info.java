/**
 * Saved reports: named audit queries that analysts and admins keep and everyone can run,
 * answered as a page of JSON or as a streamed CSV file. Reads the trail through audit.
 */
package dev.warden.reports;
