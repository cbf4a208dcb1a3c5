-- Per-user API keys. Only the SHA-256 of a key is stored; key_prefix (its first 8
-- characters) lets a user recognise it. A key dies with its user (ON DELETE CASCADE);
-- a deactivated or locked user's keys are refused by the lookup itself.
CREATE TABLE api_keys (
    id          UUID PRIMARY KEY,
    user_id     UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key_name    VARCHAR(100) NOT NULL,
    -- lower-cased copy: names are unique per user ignoring case on both databases
    name_key    VARCHAR(100) NOT NULL,
    key_prefix  VARCHAR(8)   NOT NULL,
    key_hash    VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP(6) WITH TIME ZONE,
    -- written at most once a minute per key (ApiKeyUsage), not on every request
    last_used   TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT uq_api_keys_hash UNIQUE (key_hash),
    CONSTRAINT uq_api_keys_user_name UNIQUE (user_id, name_key)
);
CREATE INDEX ix_api_keys_user ON api_keys (user_id, created_at);
