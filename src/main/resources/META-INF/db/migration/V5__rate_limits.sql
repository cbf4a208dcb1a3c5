-- Rate limits shared by every instance: requests let through per bucket (scope and client
-- address) and minute (window_start, epoch milliseconds). audited marks the window whose
-- first refusal was recorded (rate_limited is audited once per window, not per request).
CREATE TABLE rate_windows (
    bucket        VARCHAR(100) NOT NULL,
    window_start  BIGINT       NOT NULL,
    hits          INTEGER      NOT NULL,
    audited       BOOLEAN      NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
CREATE INDEX ix_rate_windows_start ON rate_windows (window_start);
