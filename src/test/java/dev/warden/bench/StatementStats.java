package dev.warden.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/**
 * What PostgreSQL spent on the statements of {@link ScaleRun}'s two databases, {@code empty}
 * and {@code scale} (pg_stat_statements, loaded with planning tracked), since the last
 * {@link #reset}.
 */
final class StatementStats {

    /**
     * PostgreSQL's planning and execution time per request on the empty and on the filled
     * database since the last reset, over the statements run at least once per two requests
     * (leaving out what a server does on its own meanwhile: the search statistics' sample,
     * the cluster cache's polling).
     */
    static double[] perRequest(EmbeddedPostgres pg, int requests) throws Exception {
        double[] millis = new double[2];
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     select d.datname, sum(s.total_plan_time + s.total_exec_time)
                     from pg_stat_statements s join pg_database d on d.oid = s.dbid
                     where d.datname in ('empty', 'scale') and s.calls * 2 >= %d
                     group by d.datname""".formatted(requests))) {
            while (rs.next()) {
                millis["empty".equals(rs.getString(1)) ? 0 : 1] = rs.getDouble(2) / requests;
            }
        }
        return millis;
    }

    static void reset(EmbeddedPostgres pg) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("select pg_stat_statements_reset()");
        }
    }

    /**
     * What PostgreSQL spent on each statement run since the last reset at least once per two
     * requests on either database (pg_stat_statements, planning tracked). Matched by their
     * text: a statement's queryid differs between databases (it hashes the tables' OIDs); a
     * statement one database did not run (each server picks its search's statement by its
     * own sample) has a dash on that side.
     */
    static String table(EmbeddedPostgres pg, int requests) throws Exception {
        StringBuilder out = new StringBuilder("""
                | statement | calls (empty / filled) | planning, mean (empty / filled) | execution, mean (empty / filled) |
                |---|---|---|---|
                """);
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     with e as (select query, calls, mean_plan_time p, mean_exec_time x from pg_stat_statements
                                where dbid = (select oid from pg_database where datname = 'empty') and calls * 2 >= %1$d),
                          f as (select query, calls, mean_plan_time p, mean_exec_time x from pg_stat_statements
                                where dbid = (select oid from pg_database where datname = 'scale') and calls * 2 >= %1$d)
                     select left(regexp_replace(coalesce(e.query, f.query), '\\s+', ' ', 'g'), 140), e.calls, f.calls,
                            e.p, f.p, e.x, f.x
                     from e full join f on f.query = e.query
                     where coalesce(e.p + e.x, 0) + coalesce(f.p + f.x, 0) >= 0.001
                     order by coalesce(f.p + f.x, 0) - coalesce(e.p + e.x, 0) desc""".formatted(requests))) {
            while (rs.next()) {
                out.append("| `").append(rs.getString(1).replace("|", "\\|")).append("` | ")
                        .append(side(rs, 2, "%d")).append(" / ").append(side(rs, 3, "%d")).append(" | ")
                        .append(side(rs, 4, "%.3f")).append(" / ").append(side(rs, 5, "%.3f")).append(" ms | ")
                        .append(side(rs, 6, "%.3f")).append(" / ").append(side(rs, 7, "%.3f")).append(" ms |\n");
            }
        }
        return out.toString();
    }

    private static String side(ResultSet rs, int column, String format) throws Exception {
        Object value = rs.getObject(column);
        return value == null ? "-" : String.format(Locale.ROOT, format, value);
    }

    private StatementStats() {
    }
}
