package dev.warden.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@link ScaleRun} reports of PostgreSQL's plans from its {@code auto_explain} log: the
 * plans of the application's statements of interest, and the statements whose plan
 * PostgreSQL priced above {@code jit_above_cost}. A PostgreSQL that can JIT-compile (most packages: built with
 * LLVM, {@code jit} on by default) compiles such a statement at every run, ~1-2 ms however
 * cheap it really is; the embedded PostgreSQL of the tests and the bench cannot, so what it
 * measures does not show that (README, "At scale"; V12_3__user_search_ids.sql).
 */
final class PlanCosts {

    /** The first cost in a plan is its top node's: {@code cost=<startup>..<total>}. */
    private static final Pattern COST = Pattern.compile("cost=[\\d.]+\\.\\.([\\d.]+)");
    private static final Pattern QUERY = Pattern.compile("Query Text: (.*)");

    private PlanCosts() {
    }

    /**
     * A Markdown list: each statement (its first line, at most 160 characters) with its
     * highest total cost; "None." if none. A statement found in the body of one of
     * {@code jitOff} (function name to body: functions declared {@code SET jit = off}) runs
     * with jit off, and says so.
     */
    static String aboveJitThreshold(String log, double threshold, Map<String, String> jitOff) {
        Map<String, Double> over = new LinkedHashMap<>();
        for (String block : log.split("(?m)^(?=\\S.*LOG:  duration:)")) {
            Matcher query = QUERY.matcher(block);
            if (!query.find()) {
                continue;
            }
            Matcher cost = COST.matcher(block);
            if (cost.find(query.end())) {
                double total = Double.parseDouble(cost.group(1));
                if (total > threshold) {
                    String text = query.group(1).strip();
                    over.merge(text.length() > 160 ? text.substring(0, 160) + "..." : text, total, Math::max);
                }
            }
        }
        if (over.isEmpty()) {
            return "None.\n";
        }
        StringBuilder out = new StringBuilder();
        over.forEach((text, total) -> {
            out.append(String.format(Locale.ROOT, "- %,.0f: `%s`", total, text));
            jitOff.entrySet().stream().filter(function -> function.getValue().contains(text.replace("...", "")))
                    .findFirst().ifPresent(function -> out.append(" (in `").append(function.getKey())
                            .append("`, declared with jit = off: not compiled)"));
            out.append('\n');
        });
        return out.toString();
    }

    /** The plans auto_explain logged for the application's statements, minus the ones of no interest. */
    static String plans(Path log) throws Exception {
        if (!Files.exists(log)) {
            return "(no PostgreSQL log)";
        }
        StringBuilder out = new StringBuilder();
        for (String block : Files.readString(log).split("(?m)^(?=\\S.*LOG:  duration:)")) {
            String query = block.contains("Query Text:") ? block.substring(block.indexOf("Query Text:")) : "";
            boolean interesting = query.contains(" like ") || query.contains("warden_search_ids(") || query.contains("warden_search_grams(") || query.startsWith("Query Text: select")
                    && (query.contains("from audit_events") || query.contains("from users u1_0 where 1=1 order by")
                            || query.contains("count(") && (query.contains("from users") || query.contains("from sessions")))
                    || query.contains("from refresh_tokens rt1_0 where rt1_0.token_hash");
            if (interesting) {
                out.append("```\n").append(block.strip()).append("\n```\n\n");
            }
        }
        return out.toString();
    }

    /** The functions of the filled database declared with {@code SET jit = off}: name to body. */
    static Map<String, String> jitOff(EmbeddedPostgres pg) throws Exception {
        Map<String, String> functions = new java.util.TreeMap<>();
        try (Connection c = pg.getDatabase("postgres", "scale").getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select proname, prosrc from pg_proc where 'jit=off' = any(proconfig)")) {
            while (rs.next()) {
                functions.put(rs.getString(1), rs.getString(2));
            }
        }
        return functions;
    }
}
