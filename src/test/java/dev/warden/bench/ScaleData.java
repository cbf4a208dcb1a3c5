package dev.warden.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator of {@link ScaleRun} (issue 14, point 4): fills a Warden database in
 * PostgreSQL itself with generated users, their sessions and audit events, and seeds both
 * databases with what the measured queries find at scale.
 */
final class ScaleData {

    /**
     * The users {@code r000123} matches (user0001230 to user0001239) and user0000123, whose
     * trigrams it has all, which the index finds and the check of the whole key drops.
     */
    private static final String SEEDED = "unnest(array[123, 1230, 1231, 1232, 1233, 1234, 1235, 1236, 1237, 1238, 1239])";

    /**
     * What the measured queries find at scale, put into the empty database too, so that
     * each answer has the same shape on both and only the size of the tables differs: the
     * users around {@code r000123} (SEEDED; the fill then adds the others around them), and
     * 1,000 failed logins of the last day, so that the filtered audit page is full and its
     * count reaches the cap on both. Without them the empty database answered those two
     * with nothing, which is cheaper than any answer.
     */
    static void seed(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(insertUsers(hash(s), SEEDED));
            s.execute("""
                    insert into audit_events (id, type, outcome, actor_id, target_user_id, ip_address, user_agent,
                                              details, created_at)
                    select gen_random_uuid(), 'login', 'failure', null, null, '10.9.9.9', 'scale-seed', '{"reason":"invalid_credentials"}',
                           now() - (g || ' seconds')::interval
                    from generate_series(1, 1000) g""");
            s.execute("vacuum analyze users");
            s.execute("vacuum analyze audit_events");
        }
    }

    private static String hash(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("select password_hash from users where username_key = 'needle-qzx'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Users user0000001... (numbered by g of {@code series}) with e-mails at example.org; those there already stay. */
    private static String insertUsers(String hash, String series) {
        return """
                insert into users (id, username, username_key, email, email_key, password_hash, role, is_active,
                                   email_verified, totp_enabled, created_at, updated_at, last_login, version,
                                   password_version)
                select gen_random_uuid(), 'user' || lpad(g::text, 7, '0'), 'user' || lpad(g::text, 7, '0'),
                       'user' || lpad(g::text, 7, '0') || '@example.org', 'user' || lpad(g::text, 7, '0') || '@example.org',
                       '%s', (array['viewer','analyst','admin'])[1 + g %% 3], g %% 50 <> 0, true, false,
                       now() - (g || ' seconds')::interval, now() - (g || ' seconds')::interval, null, 0, 0
                from %s g
                on conflict do nothing""".formatted(hash, series);
    }

    /**
     * Users named user0000001... with e-mails at example.org, each with one active
     * session; events spread over 90 days among the users, ten types, 5 % failures.
     * Secondary indexes are dropped during the load and built again from their own
     * definitions (faster than maintaining them row by row), then the tables analysed.
     */
    static void fill(Connection c, int users, int events) throws Exception {
        try (Statement s = c.createStatement()) {
            String hash = hash(s);
            List<String> indexes = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("""
                    select indexname, indexdef from pg_indexes
                    where tablename in ('users', 'sessions', 'audit_events') and indexname like 'ix_%'""")) {
                while (rs.next()) {
                    indexes.add(rs.getString(2));
                    try (Statement drop = c.createStatement()) {
                        drop.execute("drop index " + rs.getString(1));
                    }
                }
            }
            s.execute(insertUsers(hash, "generate_series(1, %d)".formatted(users)));
            s.execute("""
                    insert into sessions (id, user_id, created_at, last_used_at, expires_at, ip_address, user_agent)
                    select gen_random_uuid(), id, now(), now(), now() + interval '30 days', '10.0.0.1', 'scale'
                    from users where username_key like 'user%'""");
            s.execute("create temporary table ids as select row_number() over () as n, id from users");
            s.execute("create index on ids (n)");
            s.execute("""
                    insert into audit_events (id, type, outcome, actor_id, target_user_id, ip_address, user_agent,
                                              details, created_at)
                    select gen_random_uuid(),
                           (array['login','logout','token_refreshed','logout_all','password_changed','user_created',
                                  'user_updated','api_key_created','session_revoked','role_changed'])[1 + g %% 10],
                           case when g %% 20 = 0 then 'failure' else 'success' end,
                           i.id, i.id, '10.' || (g %% 250) || '.' || (g %% 7) || '.1', 'scale', '{}',
                           now() - ((g %% 7776000) || ' seconds')::interval
                    from generate_series(1, %d) g join ids i on i.n = 1 + (g::bigint * 7919) %% %d""".formatted(events, users));
            for (String definition : indexes) {
                s.execute(definition);
            }
            // what autovacuum does soon after a load; index-only scans need the visibility map
            s.execute("vacuum analyze users");
            s.execute("vacuum analyze sessions");
            s.execute("vacuum analyze audit_events");
            // the load's dirty pages written now, not by the checkpointer while "filled" is measured
            s.execute("checkpoint");
        }
    }

    private ScaleData() {
    }
}
