-- Core schema: users, login failures (lockout), password history, sessions with their
-- refresh tokens, signing keys, and named row locks. Written for PostgreSQL and for
-- H2 in PostgreSQL mode (the embedded default). Forward-only: never edit, add V2.

CREATE TABLE users (
    id              UUID PRIMARY KEY,
    username        VARCHAR(50)  NOT NULL,
    -- lower-cased copies: uniqueness and lookups ignore case on both databases
    -- (H2 has no expression indexes, so lower(username) cannot be indexed there)
    username_key    VARCHAR(50)  NOT NULL,
    email           VARCHAR(254) NOT NULL,
    email_key       VARCHAR(254) NOT NULL,
    password_hash   VARCHAR(255) NOT NULL,
    role            VARCHAR(16)  NOT NULL,
    is_active       BOOLEAN      NOT NULL,
    email_verified  BOOLEAN      NOT NULL,
    totp_enabled    BOOLEAN      NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_login      TIMESTAMP(6) WITH TIME ZONE,
    version         BIGINT       NOT NULL,
    CONSTRAINT uq_users_username_key UNIQUE (username_key),
    CONSTRAINT uq_users_email_key UNIQUE (email_key),
    CONSTRAINT ck_users_role CHECK (role IN ('admin', 'analyst', 'viewer'))
);
CREATE INDEX ix_users_role_active ON users (role, is_active);
CREATE INDEX ix_users_created_at ON users (created_at);
CREATE INDEX ix_users_last_login ON users (last_login);

-- One row per login name that has failed recently: an existing user's username_key, or
-- the lower-cased name that was sent when no user matched. Both lock alike, so lock
-- answers tell nothing about which accounts exist.
CREATE TABLE login_failures (
    login_key        VARCHAR(254) PRIMARY KEY,
    failed_attempts  INTEGER      NOT NULL,
    locked_until     TIMESTAMP(6) WITH TIME ZONE,
    last_failure_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_login_failures_locked_until ON login_failures (locked_until);
CREATE INDEX ix_login_failures_last_failure ON login_failures (last_failure_at);

CREATE TABLE password_history (
    id             UUID PRIMARY KEY,
    user_id        UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    password_hash  VARCHAR(255) NOT NULL,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_password_history_user ON password_history (user_id, created_at);

-- A session is one login: the family of refresh tokens that rotation produces.
CREATE TABLE sessions (
    id             UUID PRIMARY KEY,
    user_id        UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_used_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    revoked_at     TIMESTAMP(6) WITH TIME ZONE,
    revoke_reason  VARCHAR(32),
    ip_address     VARCHAR(64),
    user_agent     VARCHAR(512)
);
CREATE INDEX ix_sessions_user ON sessions (user_id, revoked_at);
CREATE INDEX ix_sessions_expires_at ON sessions (expires_at);

CREATE TABLE refresh_tokens (
    id          UUID PRIMARY KEY,
    session_id  UUID        NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    token_hash  VARCHAR(64) NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP(6) WITH TIME ZONE,
    revoked_at  TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT uq_refresh_tokens_hash UNIQUE (token_hash)
);
CREATE INDEX ix_refresh_tokens_session ON refresh_tokens (session_id);

CREATE TABLE signing_keys (
    kid          VARCHAR(64)  PRIMARY KEY,
    algorithm    VARCHAR(10)  NOT NULL,
    public_jwk   VARCHAR(4000) NOT NULL,
    -- PKCS#8, sealed with AES-256-GCM under warden.encryption.key
    private_key  VARCHAR(8000) NOT NULL,
    created_at   TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    retired_at   TIMESTAMP(6) WITH TIME ZONE
);

-- Named rows that cluster-wide critical sections lock with SELECT ... FOR UPDATE.
CREATE TABLE app_locks (
    name VARCHAR(64) PRIMARY KEY
);
INSERT INTO app_locks (name) VALUES ('signing-keys');
INSERT INTO app_locks (name) VALUES ('admins');
