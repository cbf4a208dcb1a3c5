package dev.warden.it;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows which {@link OwnServers} classes the run has and which of them have finished, so
 * that a class can wait for the second lane (registered in
 * META-INF/services/org.junit.platform.launcher.TestExecutionListener).
 */
public final class OwnServersLane implements TestExecutionListener {

    private static final Set<String> PENDING = ConcurrentHashMap.newKeySet();
    private static final Object CHANGED = new Object();

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier node : plan.getDescendants(root)) {
                if (ownServers(node)) {
                    PENDING.add(node.getUniqueId());
                }
            }
        }
    }

    @Override
    public void executionFinished(TestIdentifier node, TestExecutionResult result) {
        done(node);
    }

    @Override
    public void executionSkipped(TestIdentifier node, String reason) {
        done(node);
    }

    private static void done(TestIdentifier node) {
        if (PENDING.remove(node.getUniqueId())) {
            synchronized (CHANGED) {
                CHANGED.notifyAll();
            }
        }
    }

    private static boolean ownServers(TestIdentifier node) {
        return node.getSource().filter(ClassSource.class::isInstance).map(ClassSource.class::cast)
                .map(source -> {
                    try {
                        return Class.forName(source.getClassName(), false, OwnServersLane.class.getClassLoader())
                                .isAnnotationPresent(OwnServers.class);
                    } catch (ClassNotFoundException | LinkageError e) {
                        return false;
                    }
                }).orElse(false);
    }

    /** Waits until every {@link OwnServers} class of the run has finished (at once if none is left). */
    static void awaitAll(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (CHANGED) {
            while (!PENDING.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("still running after " + timeout + ": " + PENDING);
                }
                CHANGED.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}
