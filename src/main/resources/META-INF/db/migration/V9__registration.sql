-- Self-registration (SPEC 5.1): the email-verification token as its SHA-256, valid 24 h,
-- used once ("UPDATE ... SET used_at WHERE used_at IS NULL AND expires_at > now").
CREATE TABLE email_verifications (
    id          UUID        PRIMARY KEY,
    user_id     UUID        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash  VARCHAR(64) NOT NULL,
    expires_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    used_at     TIMESTAMP(6) WITH TIME ZONE,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_email_verifications_token UNIQUE (token_hash)
);
CREATE INDEX ix_email_verifications_user ON email_verifications (user_id);

-- Registration mails sent per address (verification or "you already have an account"),
-- so that one address gets at most a few an hour: Warden cannot be used to flood a mailbox.
CREATE TABLE registration_mails (
    id         UUID         PRIMARY KEY,
    email_key  VARCHAR(254) NOT NULL,
    sent_at    TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_registration_mails_email ON registration_mails (email_key, sent_at);
