package dev.warden.platform.db;

import jakarta.persistence.PersistenceException;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Only the named unique constraints make a 409. */
class UniqueViolationTest {

    @Test
    void postgresReportsTheConstraintByName() {
        assertTrue(UniqueViolation.of(new PersistenceException(new ConstraintViolationException("insert",
                new SQLException("duplicate key value", "23505"), "uq_users_username_key")), "uq_users_username_key"));
    }

    @Test
    void h2NamesItsIndexInTheMessage() {
        assertTrue(UniqueViolation.of(new PersistenceException(new SQLException(
                "Unique index or primary key violation: \"PUBLIC.UQ_USERS_EMAIL_KEY_INDEX_4 ON PUBLIC.USERS(EMAIL_KEY)\"",
                "23505")), "uq_users_email_key"));
    }

    @Test
    void otherConstraintsAndOtherFailuresAreNotConflicts() {
        assertFalse(UniqueViolation.of(new PersistenceException(new ConstraintViolationException("insert",
                new SQLException("duplicate key value", "23505"), "uq_refresh_tokens_hash")), "uq_users_username_key"));
        assertFalse(UniqueViolation.of(new PersistenceException(new SQLException("check violated", "23514")),
                "uq_users_username_key"));
        assertFalse(UniqueViolation.of(new PersistenceException(new SQLException("connection lost", "08006")),
                "uq_users_username_key"));
    }
}
