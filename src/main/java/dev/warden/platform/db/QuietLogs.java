package dev.warden.platform.db;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import java.util.List;
import java.util.Map;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Log levels Warden ships with, set when it starts so they hold however the server is
 * started (no server-side logging file needed). While the database is away the
 * connection pool and Hibernate would each log a warning, an error and a stack trace
 * for every refused request, which floods the log exactly when an operator reads it;
 * Warden logs the outage itself, once when it begins and once when it ends
 * ({@code DatabaseStatus}), and every unexpected failure with its incident id. (Their
 * messages also quote SQL with its parameter values, which may be hashes of tokens: a
 * log must not hold those.) Raise
 * these loggers again (e.g. {@code asadmin set-log-levels}) to debug the pool.
 */
@ApplicationScoped
public class QuietLogs {

    static final Map<String, Level> LEVELS = Map.of(
            "javax.enterprise.resource.resourceadapter.com.sun.enterprise.resource.allocator", Level.SEVERE,
            "javax.enterprise.resource.resourceadapter.com.sun.enterprise.resource.pool", Level.SEVERE,
            "javax.enterprise.resource.resourceadapter.com.sun.enterprise.connectors", Level.SEVERE,
            "javax.enterprise.resource.resourceadapter.com.sun.gjc.spi", Level.SEVERE,
            "org.hibernate.engine.jdbc.spi.SqlExceptionHelper", Level.OFF,
            "org.hibernate.engine.jdbc.env.internal.JdbcEnvironmentInitiator", Level.SEVERE,
            "org.hibernate.orm.deprecation", Level.SEVERE,
            "org.hibernate.orm.jdbc.batch", Level.SEVERE,
            "org.hibernate.event.internal.DefaultLoadEventListener", Level.WARNING,
            // One INFO line and a stack trace per refused bearer token: anyone could fill the
            // log; RejectedCredentials writes one summary a minute instead.
            "fish.payara.microprofile.jwtauth.eesecurity.SignedJWTIdentityStore", Level.WARNING);

    /**
     * Loggers whose records are dropped only when they report the database being away
     * (a pooled connection that died in use, a commit cut off): their other warnings and
     * errors still show.
     */
    static final List<String> OUTAGE_FILTERED = List.of(
            // Payara names these loggers by package (LogDomains: domain + "." + package), and a
            // JUL filter holds only for its own logger, never for a child: each package that
            // logs while a connection is handed out or enlisted is named. The resource manager
            // (rm) logged "RAR5027: Unexpected exception in resource pooling" with a stack trace
            // when the database went down between a connection's validation and its enlistment.
            "javax.enterprise.resource.resourceadapter.com.sun.enterprise.resource",
            "javax.enterprise.resource.resourceadapter.com.sun.enterprise.resource.rm",
            "javax.enterprise.resource.resourceadapter.com.sun.enterprise.resource.pool",
            "javax.enterprise.resource.resourceadapter.com.sun.enterprise.resource.pool.resizer",
            "javax.enterprise.resource.resourceadapter.com.sun.enterprise.resource.allocator",
            "javax.enterprise.resource.resourceadapter.com.sun.enterprise.resource.listener",
            "javax.enterprise.resource.resourceadapter.com.sun.enterprise.connectors",
            "javax.enterprise.resource.resourceadapter.com.sun.gjc.spi",
            "javax.enterprise.resource.resourceadapter.com.sun.gjc.spi.base",
            "javax.enterprise.resource.resourceadapter.com.sun.gjc.spi.jdbc40",
            "javax.enterprise.resource.jta.com.sun.enterprise.transaction",
            // WildFly: its pool (IronJacamar) failing to open a connection, or to reset one
            // the outage cut; its transaction manager (Narayana), a commit whose flush it cut
            "org.jboss.jca.core.connectionmanager.pool.strategy.OnePool",
            "org.jboss.jca.adapters.jdbc.local.LocalManagedConnectionFactory",
            "com.arjuna.ats.arjuna",
            "com.arjuna.ats.jta");

    /**
     * An XA failure of the transaction manager is, with Warden's one local resource, a
     * connection that died under a commit; when the database is in fact fine, the request
     * still fails and is logged with its incident id, so nothing is lost by dropping it here.
     */
    private static final Filter NOT_AN_OUTAGE = record -> record.getThrown() == null
            || !(DatabaseFailures.unavailable(record.getThrown()) || DatabaseFailures.xaFailure(record.getThrown()));

    /** JUL keeps loggers weakly; a level set on a collected logger would be lost. */
    private static final List<Logger> HELD = java.util.stream.Stream.concat(LEVELS.keySet().stream(),
            OUTAGE_FILTERED.stream()).distinct().map(Logger::getLogger).toList();

    void apply(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object event) {
        install();
    }

    /** Also called before Hibernate starts, which logs a stack trace when the database is down. */
    public static void install() {
        for (Logger logger : HELD) {
            Level level = LEVELS.get(logger.getName());
            if (level != null) {
                logger.setLevel(level);
            }
            if (OUTAGE_FILTERED.contains(logger.getName())) {
                logger.setFilter(NOT_AN_OUTAGE);
            }
        }
    }
}
