package dev.warden.it;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A class that starts servers of its own (and never deploys to the shared one): it runs in
 * the second lane of the integration-test run, beside the classes of the shared server and
 * the cluster, one such class at a time. Most of such a class's time is a server starting
 * or a database going away, which leaves one of the two cores idle; the other lane uses it
 * (failsafe's configuration in pom.xml turns JUnit's parallel execution on; every other
 * class runs in order in the first lane).
 * <p>
 * It may use the shared PostgreSQL (for a database of its own) but not while
 * {@link DatabaseRestartIT} restarts it. {@link SecretsInLogsIT}, last of the first lane,
 * waits for this lane to finish ({@link OwnServersLane}), since it reads every log of the run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(OwnServers.LANE)
@ResourceLock(value = WardenServer.SHARED_POSTGRES, mode = ResourceAccessMode.READ)
@interface OwnServers {

    /** One class of the second lane at a time. */
    String LANE = "warden.own-servers";
}
