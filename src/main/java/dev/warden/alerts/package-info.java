/**
 * Alerts: raised by Warden itself from what the audit trail records (AlertRules, after the
 * change committed and off the request thread), deduplicated while open, listed, read and
 * moved through open, acknowledged, resolved by analysts and admins. Uses audit and platform.
 */
package dev.warden.alerts;
