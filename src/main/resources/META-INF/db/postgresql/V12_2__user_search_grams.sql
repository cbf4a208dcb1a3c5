-- PostgreSQL only. GET /users?search= among names that differ only in a few characters
-- (user0000001, user0000002, ...): the trigram index of V11_1 answers a search for one of
-- them by reading the posting lists of trigrams like 000, 001, 123, each held by 1-2 % of
-- such names (~0.4-0.7 ms at a million users, issue 14, bench/SCALE.md). A five-character
-- stretch of the search is far rarer (00123 is in ~100 of a million such names), so this
-- index holds every five-character stretch of the searched text (username key, newline,
-- e-mail key; the expression of V11_1), and a search that has a stretch few users share
-- asks it for up to three of them (SearchTerms.grams) and checks the whole key on the rows
-- found: ~0.05 ms. Searches with no such stretch (shorter than five characters, or made of
-- what most users share) keep the trigram index.
--
-- warden_search_grams_contain is what the search calls: a plain SQL function that
-- PostgreSQL inlines into "warden_search_grams(searched) @> the stretches", which this
-- index serves. Stretches are passed joined by newlines, which no key contains.
--
-- Cost: ~69 MB of index at a million users (the trigram index: 34 MB); every insert into
-- users, and every update that is not HOT (a login's last_login), adds ~30 entries, ~0.03
-- ms. Upgrade: built inside Flyway's transaction; writes to users wait meanwhile, ~26 s at a
-- million users on 2 cores.
--
-- COST: the planner weighs a call of this function against reading the index. Its default
-- (100) let it read a small table and call the function on every row that passed the cheap
-- position() check: ~0.1 ms for a search of ten matches among a few dozen users, where the
-- index answers in ~0.02 ms. PL/pgSQL keeps its compiled form per connection; a plain SQL
-- function here would plan its body again in every statement that calls it.
CREATE FUNCTION warden_search_grams(searched text) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 10000
    AS $$
DECLARE
    grams text[] := '{}';
BEGIN
    FOR i IN 1 .. length(searched) - 4 LOOP
        grams := grams || substr(searched, i, 5);
    END LOOP;
    RETURN grams;
END $$;

CREATE FUNCTION warden_search_grams_contain(searched text, grams text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT warden_search_grams(searched) @> string_to_array(grams, E'\n') $$;

-- fastupdate off, here and on the trigram index: with it on, a GIN index queues what is
-- inserted in a pending list that every search reads whole until a vacuum (or 4 MB of it)
-- moves it into the index, and every login adds to it (a new last_login is a new row version
-- for every index of users). On a scratch PostgreSQL 15 with a million users, after 500
-- updates of one user a search read 40 buffers in 0.2 ms instead of 10 in 0.02 ms; at a
-- million users autovacuum waits for 200,000 updates. Off, an update of a user pays the
-- index's insert at once: ~0.25 ms for both indexes (against ~0.07 ms), beside a login's
-- ~200 ms of bcrypt.
CREATE INDEX ix_users_search_grams ON users USING gin (warden_search_grams(username_key || E'\n' || email_key))
    WITH (fastupdate = off);

DO $$
BEGIN
    IF to_regclass('ix_users_search_trgm') IS NOT NULL THEN
        ALTER INDEX ix_users_search_trgm SET (fastupdate = off);
        -- what is pending moves into the index now, not at the next vacuum
        PERFORM gin_clean_pending_list('ix_users_search_trgm'::regclass);
    END IF;
END $$;
