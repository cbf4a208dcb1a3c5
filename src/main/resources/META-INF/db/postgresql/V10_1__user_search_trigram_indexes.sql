-- PostgreSQL only. GET /users?search= finds a substring of the username or e-mail
-- (LIKE '%...%' on the lower-cased keys), which no b-tree can serve: without these
-- trigram indexes every search reads the whole users table (issue 14, bench/SCALE.md).
-- pg_trgm ships with PostgreSQL and is a trusted extension (13+): a database owner may
-- create it. Where it cannot be created, the migration says so and search still works,
-- by reading the table.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN insufficient_privilege OR undefined_file OR feature_not_supported THEN
    RAISE WARNING 'pg_trgm could not be created (%): user search will read the whole users table', SQLERRM;
END $$;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        CREATE INDEX ix_users_username_key_trgm ON users USING gin (username_key gin_trgm_ops);
        CREATE INDEX ix_users_email_key_trgm ON users USING gin (email_key gin_trgm_ops);
    END IF;
END $$;
