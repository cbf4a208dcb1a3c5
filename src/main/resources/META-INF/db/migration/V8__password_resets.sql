-- Password reset (SPEC 5.1): the token as its SHA-256, valid until expires_at, used once
-- ("UPDATE ... SET used_at WHERE used_at IS NULL AND expires_at > now"). A new request
-- marks the user's earlier unused tokens used. created_at also counts the mails an
-- address was sent in the last hour (at most a few, so Warden cannot flood a mailbox).
CREATE TABLE password_resets (
    id          UUID        PRIMARY KEY,
    user_id     UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  VARCHAR(64) NOT NULL,
    expires_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP(6) WITH TIME ZONE,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_password_resets_token UNIQUE (token_hash)
);
CREATE INDEX ix_password_resets_user ON password_resets (user_id, created_at);
