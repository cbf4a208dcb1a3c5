/**
 * The audit trail: every security-relevant change, written by {@link dev.warden.audit.control.Audit}
 * in the transaction of the change (a failed login in its own), queried by admins at
 * /api/v1/audit-events, purged after warden.audit.retention by one instance of the
 * cluster. Components call it with a typed {@link dev.warden.audit.control.Audited}
 * event; alerts and reports read what it wrote. It uses only platform.
 */
package dev.warden.audit;
