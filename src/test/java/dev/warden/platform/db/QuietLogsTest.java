package dev.warden.platform.db;

import dev.warden.LogCapture;
import jakarta.resource.spi.LocalTransactionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.transaction.xa.XAException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** What reaches the server's log from the connection pool's loggers while the database is away. */
class QuietLogsTest {

    /** The logger of Payara's resource manager (SystemResourceManagerImpl): the package, not the class. */
    private static final String RESOURCE_MANAGER =
            "javax.enterprise.resource.resourceadapter.com.sun.enterprise.resource.rm";

    private LogCapture capture;

    @BeforeEach
    void install() {
        QuietLogs.install();
        capture = LogCapture.of(RESOURCE_MANAGER);
    }

    @AfterEach
    void remove() {
        capture.close();
    }

    /**
     * Seen in DatabaseOutageIT: PostgreSQL stopped between a connection's validation and its
     * enlistment in the request's transaction, and the resource manager logged it as SEVERE
     * with a stack trace. The filter on the parent logger did not hold for this child logger.
     */
    @Test
    void aConnectionClosedByTheOutageUnderItsEnlistmentIsNotLogged() {
        LocalTransactionException closed = new LocalTransactionException("This connection has been closed.");
        XAException xa = new XAException("com.sun.appserv.connectors.internal.api.PoolingException: " + closed);
        xa.initCause(closed);
        Logger.getLogger(RESOURCE_MANAGER).log(Level.SEVERE, "poolmgr.unexpected_exception",
                new RuntimeException("Got exception during XAResource.start: ", xa));
        assertEquals(List.of(), capture.records());
    }

    @Test
    void otherFailuresOfThePoolStillShow() {
        Logger.getLogger(RESOURCE_MANAGER).log(Level.SEVERE, "poolmgr.unexpected_exception",
                new IllegalArgumentException("a bug, not an outage"));
        Logger.getLogger(RESOURCE_MANAGER).log(Level.WARNING, "a warning without a failure");
        assertEquals(2, capture.records().size());
    }

    @Test
    void everyPackageLoggerOfThePoolCarriesTheFilter() {
        for (String name : QuietLogs.OUTAGE_FILTERED) {
            assertNotNull(Logger.getLogger(name).getFilter(), name);
        }
    }
}
