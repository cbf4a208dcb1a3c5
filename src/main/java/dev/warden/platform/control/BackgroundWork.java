package dev.warden.platform.control;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A component's background tasks, run on its own few threads made once, at start-up, by the
 * container's {@code ManagedThreadFactory}, and fed from a queue. Requests hand their work
 * over by {@link #execute}; they never submit it to a managed executor themselves.
 * <p>
 * Why not the container's {@code ManagedExecutorService}: Payara (6.2025.10) gives every
 * submitted task a shallow clone of the submitting thread's component invocation. The two
 * share one registry map, which the submit empties and the task's end sweeps: the
 * non-transactional EntityManagers in it are closed. A request that submitted a task and
 * then read outside a transaction could have its EntityManager closed under it ("This
 * ResultSet is closed"), and the EntityManagers it had opened before the submit were never
 * closed at all. Threads made at start-up share only the start-up invocation, long over.
 * <p>
 * The same rule binds the tasks: database work runs in a transaction (a
 * transaction-scoped EntityManager is not in that registry). Callers bound what they queue;
 * a task that throws is logged by its class and message, and the thread goes on.
 */
public final class BackgroundWork {

    private static final Logger LOG = Logger.getLogger(BackgroundWork.class.getName());

    private final String name;
    private final DelayQueue<Task> queue = new DelayQueue<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private volatile boolean stopped;

    public BackgroundWork(String name) {
        this.name = name;
    }

    /** Starts {@code count} threads from {@code factory}; tasks queued before run then. */
    public synchronized void start(ThreadFactory factory, int count) {
        if (stopped || !threads.isEmpty()) {
            throw new IllegalStateException(name + " is already started or stopped");
        }
        for (int i = 0; i < count; i++) {
            Thread thread = factory.newThread(this::work);
            thread.setName(name + "-" + (i + 1));
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Queues {@code task} to run as soon as a thread is free; false once stopped. */
    public boolean execute(Runnable task) {
        return schedule(task, 0, TimeUnit.MILLISECONDS);
    }

    /** Queues {@code task} to run once {@code delay} has passed; false once stopped. */
    public boolean schedule(Runnable task, long delay, TimeUnit unit) {
        if (stopped) {
            return false;
        }
        queue.add(new Task(task, System.nanoTime() + unit.toNanos(delay), sequence.getAndIncrement()));
        return true;
    }

    /** Tasks waiting, due or not. */
    public int pending() {
        return queue.size();
    }

    /** Stops the threads (a running task is interrupted); what still waits is dropped, and counted in the log. */
    public synchronized void stop() {
        stopped = true;
        threads.forEach(Thread::interrupt);
        int left = queue.size();
        queue.clear();
        if (left > 0) {
            LOG.info(name + " stopped with " + left + " task(s) not run");
        }
    }

    private void work() {
        while (!stopped) {
            Task task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                task.work().run();
            } catch (RuntimeException | LinkageError | AssertionError e) {
                LOG.log(Level.WARNING, "{0}: a task failed: {1}", new Object[]{name, e.toString()});
            }
        }
    }

    /** Due at {@code dueNanos}; among equals, first queued first run. */
    private record Task(Runnable work, long dueNanos, long order) implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            Task that = (Task) other;
            int byDue = Long.compare(dueNanos - that.dueNanos, 0);
            return byDue != 0 ? byDue : Long.compare(order, that.order);
        }
    }
}
