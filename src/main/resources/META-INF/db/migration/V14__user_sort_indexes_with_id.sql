-- GET /users?sort=created_at, -created_at and last_login order by the column, then by id
-- (rows that tie keep one order across pages: UserDirectory). V1's indexes held the column
-- alone, so a page either sorted each group of ties (an Incremental Sort) or, as PostgreSQL
-- 15 planned the generic statement, sorted every user the search matched before taking a
-- page (UserSearchIT on 15.15, 2026-12-08: ~80 ms of both cores per page at a million users,
-- as sort=-last_login did before V12_1). With id in the key every one of these sorts reads
-- one page of an index in its order, on every version. -last_login keeps V12_1's index.
-- Upgrade cost: two index builds inside Flyway's transaction; writes to users (logins among
-- them) wait meanwhile, ~1-2 s each at a million users on 2 cores.
CREATE INDEX ix_users_created_at_id ON users (created_at, id);
DROP INDEX ix_users_created_at;
ALTER INDEX ix_users_created_at_id RENAME TO ix_users_created_at;
CREATE INDEX ix_users_last_login_id ON users (last_login, id);
DROP INDEX ix_users_last_login;
ALTER INDEX ix_users_last_login_id RENAME TO ix_users_last_login;
