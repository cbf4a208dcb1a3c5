package dev.warden.platform.db;

import java.sql.SQLException;
import java.util.Locale;

/**
 * Whether a persistence failure is the violation of one of the named unique constraints
 * (SQLState 23505 on PostgreSQL and H2), the one failure that means "already exists"
 * (409). Anything else, a lost connection or a broken statement, must not be dressed up
 * as a conflict.
 */
public final class UniqueViolation {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolation() {
    }

    public static boolean of(Throwable failure, String... constraints) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth++ < 64; t = t.getCause()) {
            String name = null;
            if (t instanceof org.hibernate.exception.ConstraintViolationException violation
                    && UNIQUE_VIOLATION.equals(violation.getSQLState())) {
                name = violation.getConstraintName();
                if (name == null) {
                    name = violation.getMessage();
                }
            } else if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                name = sql.getMessage();
            }
            if (name != null) {
                String lower = name.toLowerCase(Locale.ROOT);
                for (String constraint : constraints) {
                    if (lower.contains(constraint)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
