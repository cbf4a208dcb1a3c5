-- Second factor (SPEC 5.1, 5.2): a TOTP secret per user, sealed with AES-256-GCM under
-- warden.encryption.key (the value names the key that sealed it). enabled is false while
-- set up but not yet confirmed with a code. last_used_step is the replay guard: a code is
-- accepted only by "UPDATE ... SET last_used_step = :step WHERE last_used_step < :step".
CREATE TABLE totp_credentials (
    user_id         UUID         PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret          VARCHAR(200) NOT NULL,
    enabled         BOOLEAN      NOT NULL,
    last_used_step  BIGINT       NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    enabled_at      TIMESTAMP(6) WITH TIME ZONE
);

-- Backup codes: HMAC-SHA-256 of the code under a key derived from warden.encryption.key
-- (prefixed with that key's id), single-use by "UPDATE ... SET used_at WHERE used_at IS NULL".
CREATE TABLE backup_codes (
    id          UUID        PRIMARY KEY,
    user_id     UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   VARCHAR(80) NOT NULL,
    used_at     TIMESTAMP(6) WITH TIME ZONE,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_backup_codes_user_hash UNIQUE (user_id, code_hash)
);

-- The second step of a login: the mfa_token (SHA-256 of it), the password version the
-- first step verified, wrong codes so far, and when it was used.
CREATE TABLE mfa_challenges (
    id                UUID        PRIMARY KEY,
    token_hash        VARCHAR(64) NOT NULL,
    user_id           UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    password_version  INTEGER     NOT NULL,
    failed_attempts   INTEGER     NOT NULL,
    expires_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    used_at           TIMESTAMP(6) WITH TIME ZONE,
    created_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_mfa_challenges_token UNIQUE (token_hash)
);
CREATE INDEX ix_mfa_challenges_user ON mfa_challenges (user_id);
CREATE INDEX ix_mfa_challenges_expires ON mfa_challenges (expires_at);
