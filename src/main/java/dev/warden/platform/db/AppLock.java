package dev.warden.platform.db;

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;

/**
 * A named row that serialises a critical section across every instance sharing the
 * database (SELECT ... FOR UPDATE until the transaction ends). Rows come from Flyway.
 */
@Entity
@Table(name = "app_locks")
public class AppLock {

    public static final String SIGNING_KEYS = "signing-keys";
    public static final String ADMINS = "admins";

    @Id
    private String name;

    protected AppLock() {
    }

    /** Blocks until this transaction holds the named lock. */
    public static void acquire(EntityManager em, String name) {
        if (em.find(AppLock.class, name, LockModeType.PESSIMISTIC_WRITE) == null) {
            throw new IllegalStateException("Missing app lock row " + name);
        }
    }
}
