package dev.warden.ratelimit.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;

/** The requests a bucket (a scope and a client address) let through in one minute. */
@Entity
@Table(name = "rate_windows")
@IdClass(RateWindow.Key.class)
public class RateWindow {

    /** The primary key: bucket and window. */
    public static class Key implements Serializable {
        private String bucket;
        private long windowStart;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.windowStart == windowStart && java.util.Objects.equals(k.bucket, bucket);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(bucket, windowStart);
        }
    }

    @Id
    private String bucket;
    @Id
    @Column(name = "window_start")
    private long windowStart;
    private int hits;
    private boolean audited;

    protected RateWindow() {
    }

    public int hits() {
        return hits;
    }
}
