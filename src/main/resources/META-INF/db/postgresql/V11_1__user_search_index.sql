-- PostgreSQL only. GET /users?search= now matches the one text "username_key, a newline,
-- email_key" (UserDirectory), so that one trigram index answers it with one scan; the OR
-- over two indexed columns of V10_1 took two, each ~1.7 ms at a million users whose names
-- share their trigrams (issue 14, bench/SCALE.md). The expression below must stay the one
-- Hibernate writes for that JPQL: (username_key||'<newline>'||email_key).
-- Without pg_trgm (see V10_1) nothing is created and search reads the table, as before.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        DROP INDEX IF EXISTS ix_users_username_key_trgm;
        DROP INDEX IF EXISTS ix_users_email_key_trgm;
        CREATE INDEX ix_users_search_trgm ON users USING gin ((username_key || E'\n' || email_key) gin_trgm_ops);
    END IF;
END $$;
