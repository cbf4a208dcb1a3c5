package dev.warden;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** What one java.util.logging logger publishes while this capture is open (tests only). */
public final class LogCapture extends Handler implements AutoCloseable {

    /** Held, so that the logger (and this handler on it) is not collected meanwhile. */
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
    }

    /** Starts capturing what the logger of this name (and its children) publishes. */
    public static LogCapture of(String loggerName) {
        LogCapture capture = new LogCapture(Logger.getLogger(loggerName));
        capture.logger.addHandler(capture);
        return capture;
    }

    /** What was published so far, in order. */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** Each record as its level and message, e.g. {@code "WARNING Waiting for ..."}. */
    public List<String> lines() {
        return records.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    /** Stops capturing. */
    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
