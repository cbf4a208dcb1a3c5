-- PostgreSQL only. A search with rare five-character stretches (V12_2, SearchTerms.grams)
-- asks this function for the ids of the users whose searched text (username key, newline,
-- e-mail key; the expression of V11_1 and V12_2) holds the stretches and the whole key, and
-- the list statement (sorts, role, active and lock filters, page) reads those users.
--
-- Why a function: planning. The statement that asked the stretch index itself was planned
-- again for every search once users were more than a few dozen (~0.1 ms of a ~0.9 ms
-- request at a million users, bench/SCALE.md): PostgreSQL prices a plan kept for any value
-- of the stretches (a "generic" plan) at 0.5 % of the table, dearer than the plan made for
-- the values at hand, so it keeps making new ones; forced to that generic plan it took a
-- parallel scan of 4.7 ms. Here the question is always one kind: stretches that few users
-- share (SearchSample drops the frequent ones), so the one plan kept is the right one for
-- every search: read the stretch index, check the key on what it finds. The function keeps
-- that plan per connection (PL/pgSQL), and the list statement around it, whose plan does not
-- depend on the values either, is kept too.
--
-- ROWS 10: what the planner expects of it, the order of a rare stretch's matches.
--
-- jit off: the kept plan is priced for 0.5 % of the table, each row with a call of
-- warden_search_grams (COST 10000): ~0.125 per user, above jit_above_cost (100,000 by
-- default) from ~800,000 users;
-- a PostgreSQL built with LLVM (most packages; jit is on by default) then compiled the
-- statement at every search, ~2 ms for a search that runs in ~0.05 ms (scratch PostgreSQL 15,
-- a million users). The tests' and the bench's PostgreSQL has no JIT.
CREATE FUNCTION warden_search_ids(grams text, searched_key text) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE ROWS 10
    SET plan_cache_mode = force_generic_plan
    SET max_parallel_workers_per_gather = 0
    SET jit = off
    AS $$
BEGIN
    RETURN QUERY
        SELECT u.id FROM users u
        WHERE warden_search_grams(u.username_key || E'\n' || u.email_key) @> string_to_array(grams, E'\n')
          AND position(searched_key IN u.username_key || E'\n' || u.email_key) > 0;
END $$;

-- warden_search_grams_contain (V12_2) stays: an instance not yet upgraded still calls it.
