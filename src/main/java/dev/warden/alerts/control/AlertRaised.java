package dev.warden.alerts.control;

import dev.warden.alerts.entity.AlertType;

/**
 * An alert was opened or counted a repeat (its transaction committed). Fired by
 * {@link AlertRules} for whatever counts alerts ({@link AlertMetrics}).
 */
public record AlertRaised(AlertType type) {
}
