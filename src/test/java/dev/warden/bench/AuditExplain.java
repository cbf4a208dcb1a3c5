package dev.warden.bench;

import dev.warden.platform.db.Migrations;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The audit query plans on a large table: starts a throw-away PostgreSQL (the tests' embedded
 * one), migrates it, fills audit_events with 1,000,000 events spread over 90 days, 1,000
 * users and 5,000 addresses, and writes EXPLAIN (ANALYZE, BUFFERS) of the list query of each
 * filter of GET /api/v1/audit-events (the SQL Hibernate runs) to bench/AUDIT-EXPLAIN.md.
 * <pre>mvn -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.warden.bench.AuditExplain</pre>
 */
public final class AuditExplain {

    private static final String LIST = "select id, type, outcome, actor_id, target_user_id, ip_address, user_agent, "
            + "details, created_at from audit_events";
    private static final String PAGE = " order by created_at desc, id desc offset 0 rows fetch first 20 rows only";

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args.length > 0 ? args[0] : "bench/AUDIT-EXPLAIN.md");
        File work = Scratch.create("audit-explain").toFile();
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setOverrideWorkingDirectory(work).start();
             Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            Migrations.migrate(pg.getPostgresDatabase(), AuditExplain.class.getClassLoader());
            long start = System.nanoTime();
            s.execute("""
                    insert into audit_events (id, type, outcome, actor_id, target_user_id, ip_address, user_agent,
                                              details, created_at)
                    select gen_random_uuid(),
                           (array['login','login','login','token_refreshed','token_refreshed','logout','user_updated',
                                  'api_key_created','settings_viewed','session_revoked'])[1 + g % 10],
                           case when g % 7 = 0 then 'failure' else 'success' end,
                           ('00000000-0000-0000-0000-' || lpad((g % 1000)::text, 12, '0'))::uuid,
                           ('00000000-0000-0000-0000-' || lpad(((g * 7) % 1000)::text, 12, '0'))::uuid,
                           '10.' || (g % 5000 / 250) || '.' || (g % 250) || '.1',
                           'Mozilla/5.0 (bench)', '{"session_id":"x"}',
                           now() - (((g::bigint * 7776) / 1000) || ' seconds')::interval
                    from generate_series(1, 1000000) g""");
            // A rare user and a rare type, where the selective index wins over walking the time index.
            s.execute("""
                    insert into audit_events (id, type, outcome, actor_id, target_user_id, ip_address, details, created_at)
                    select gen_random_uuid(), 'role_changed', 'success', null,
                           '00000000-0000-0000-0000-999999999999'::uuid, '10.99.0.1', '{}',
                           now() - ((g * 86400) || ' seconds')::interval
                    from generate_series(1, 50) g""");
            s.execute("analyze audit_events");
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            String user = "'00000000-0000-0000-0000-000000000042'";
            Map<String, String> queries = new LinkedHashMap<>();
            queries.put("no filter (newest first)", LIST + PAGE);
            queries.put("type=login,logout", LIST + " where type in ('login','logout')" + PAGE);
            queries.put("user_id (actor or target)", LIST + " where (actor_id = " + user + " or target_user_id = "
                    + user + ")" + PAGE);
            String rare = "'00000000-0000-0000-0000-999999999999'";
            queries.put("user_id of a user with few events", LIST + " where (actor_id = " + rare
                    + " or target_user_id = " + rare + ")" + PAGE);
            queries.put("the page total of that filter", "select count(*) from audit_events where (actor_id = " + rare
                    + " or target_user_id = " + rare + ")");
            queries.put("type=role_changed (a rare type)", LIST + " where type in ('role_changed')" + PAGE);
            queries.put("outcome=failure", LIST + " where outcome = 'failure'" + PAGE);
            queries.put("ip_address", LIST + " where ip_address = '10.3.42.1'" + PAGE);
            queries.put("since/until (one day)", LIST + " where created_at >= now() - interval '31 days' "
                    + "and created_at < now() - interval '30 days'" + PAGE);
            queries.put("type + outcome + since", LIST + " where type in ('login') and outcome = 'failure' "
                    + "and created_at >= now() - interval '7 days'" + PAGE);
            queries.put("failed logins from one address in 10 minutes (alert rule)", "select count(*) from audit_events "
                    + "where ip_address = '10.3.42.1' and created_at >= now() - interval '10 minutes' "
                    + "and type = 'login' and outcome = 'failure'");
            queries.put("retention purge batch (deleted, then rolled back here)", "delete from audit_events where id in "
                    + "(select id from audit_events where created_at < now() - interval '89 days' "
                    + "order by created_at limit 1000)");
            StringBuilder md = new StringBuilder("# Audit query plans on 1,000,000 events\n\n")
                    .append("Made by `dev.warden.bench.AuditExplain` (PostgreSQL ")
                    .append(version(s)).append(", embedded; rows inserted in ").append(seconds)
                    .append(" s). Run it again with\n`mvn -q test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java "
                            + "-Dexec.classpathScope=test -Dexec.mainClass=dev.warden.bench.AuditExplain`.\n\n");
            for (var query : queries.entrySet()) {
                md.append("## ").append(query.getKey()).append("\n\n```\n");
                c.setAutoCommit(false);
                try (ResultSet rs = s.executeQuery("explain (analyze, buffers, costs off) " + query.getValue())) {
                    while (rs.next()) {
                        md.append(rs.getString(1)).append('\n');
                    }
                }
                c.rollback();
                c.setAutoCommit(true);
                md.append("```\n\n");
            }
            Files.writeString(out, md.toString());
            System.out.println("wrote " + out.toAbsolutePath());
        }
        Scratch.remove(work.toPath());
    }

    private static String version(Statement s) throws Exception {
        try (ResultSet rs = s.executeQuery("show server_version")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
