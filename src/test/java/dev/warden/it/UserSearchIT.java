package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC 5.3, GET /users: what a search finds, and (issue 14, point 4) that PostgreSQL answers
 * the list's statements, as the server runs them, from its indexes.
 */
class UserSearchIT extends WardenIT {

    @Test
    void searchFindsAUsernameOrAnEmailButNothingAcrossTheTwo() {
        String admin = api.adminToken();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String name = "srch-" + suffix + "-end";
        String email = "start-" + suffix + "@Mail.example.org";
        String id = api.post("/api/v1/users", Json.createObjectBuilder().add("username", name).add("email", email)
                .add("password", "Correct#Horse-9").add("role", "viewer").build(), admin).ok(201).json().getString("id");
        for (String search : List.of("SRCH-" + suffix, suffix + "-end", "start-" + suffix, suffix + "@mail.EXAMPLE")) {
            JsonObject found = api.get("/api/v1/users?search=" + search, admin).ok(200).json();
            assertEquals(1, found.getInt("total"), search);
            assertEquals(id, found.getJsonArray("items").getJsonObject(0).getString("id"), search);
        }
        // the end of the username followed by the start of the e-mail is in neither
        assertEquals(0, api.get("/api/v1/users?search=" + suffix + "-endstart-" + suffix, admin).ok(200).json()
                .getInt("total"));
        JsonObject problem = api.get("/api/v1/users?search=-end%0Astart-" + suffix, admin)
                .problem(400, "validation_failed").json();
        assertTrue(problem.toString().contains("control characters"), problem.toString());
    }

    /**
     * Issue 14, point 4: a search with a five-character stretch few users have asks
     * warden_search_ids (V12_3) for the users with up to three such stretches and the whole
     * key (SearchTerms.grams, SearchSample), and the list statement reads those users. The
     * function's statement reads the stretch index of V12_2 and checks the whole key on what
     * it finds, with one plan for any stretches (a generic plan: no planning per search); the
     * second user below has every five-character stretch of the first one's name (the name's
     * first eight characters in its username, the last eight in its e-mail), so the index finds
     * it too, and the answer must still leave it out.
     */
    @Test
    void aSearchWithARareStretchIsServedByTheStretchIndexAndStillMatchesTheWholeKey() throws Exception {
        String admin = api.adminToken();
        String name = "gm" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String id = createUser(name, name + "@example.org", admin);
        String other = createUser(name.substring(0, 8) + "-b", "b-" + name.substring(4) + "@example.org", admin);
        String statement = statementOf(name + "q", admin, "%from users%warden_search_ids(%");
        // the list statement calls the function once (an uncorrelated subquery), never per user
        assertFalse(plan(statement).contains("SubPlan"), statement + "\n" + plan(statement));
        // the function's own statement, as PostgreSQL keeps it: its generic plan (the
        // function's SET clauses), nothing priced out; even on a table this small it reads the
        // index rather than call warden_search_grams on users (its COST in V12_2)
        String source = (String) WardenServer.queryValue("select prosrc from pg_proc where proname = 'warden_search_ids'");
        java.util.regex.Matcher body = java.util.regex.Pattern.compile("(?si)RETURN QUERY\\s+(SELECT .*?);").matcher(source);
        assertTrue(body.find(), source);
        assertEquals("{plan_cache_mode=force_generic_plan,max_parallel_workers_per_gather=0,jit=off}", WardenServer.queryValue(
                "select proconfig::text from pg_proc where proname = 'warden_search_ids'"));
        String plan = plan(body.group(1).replaceAll("\\bgrams\\b", "\\$1").replace("searched_key", "$2"));
        assertTrue(plan.contains("Bitmap Index Scan on ix_users_search_grams"), source + "\n" + plan);
        assertTrue(plan.matches("(?si).*Filter: .*(position|strpos)\\(.*"), source + "\n" + plan);
        JsonObject found = search(name.toUpperCase(java.util.Locale.ROOT), admin);
        assertEquals(1, found.getInt("total"), found.toString());
        assertEquals(id, found.getJsonArray("items").getJsonObject(0).getString("id"));
        assertEquals(2, search(name.substring(0, 8), admin).getInt("total"));
        assertEquals(List.of(other), ids(search("b-" + name.substring(4) + "@example", admin)));
        // what the index is asked is literal too: no user has these stretches
        assertEquals(0, search(name.substring(0, 7) + "_" + name.substring(8), admin).getInt("total"));
        assertEquals(0, search(name.substring(0, 7) + "%" + name.substring(8), admin).getInt("total"));
    }

    /**
     * Issue 14, point 4: a search with no rare five-character stretch of ASCII characters
     * (here e-mails with a non-ASCII character after every four) that holds trigrams most
     * users share (the domain of nearly every test user, example.org) asks the trigram index
     * only for the rest of the key and checks the whole key on what that finds
     * (SearchTerms.parts, SearchSample): the second user below has the first one's local part
     * and the domain in its e-mail, so it matches every part the index is asked for, and the
     * answer must still leave it out.
     */
    @Test
    void aSearchLeavesTheDomainEveryUserSharesOutOfTheTrigramIndexAndStillMatchesTheWholeKey() throws Exception {
        String admin = api.adminToken();
        for (int i = 0; i < 12; i++) {
            api.createUser("viewer"); // users at example.org, so many that its trigrams count as shared
        }
        String r = UUID.randomUUID().toString().replace("-", "");
        String local = r.substring(0, 4) + "\u00e4" + r.substring(4, 8) + "\u00e4" + r.substring(8, 12) + "\u00e4";
        String id = createUser("cmn" + r.substring(12, 22), local + "@example.org", admin);
        String other = createUser("cmn" + r.substring(12, 22) + "x", local + "x@example.org", admin);
        // hex has no z: nobody's
        String nobodys = r.substring(0, 4) + "\u00e4" + r.substring(4, 8) + "\u00e4" + r.substring(8, 11) + "z\u00e4@example.org";
        String statement = statementOf(nobodys, admin, "%from users%like $1 escape%like $2 escape%");
        String plan = genericPlan(statement);
        // the parts are the index's condition; the whole key is checked on the rows it finds
        assertTrue(plan.contains("Bitmap Index Scan on ix_users_search_trgm"), statement + "\n" + plan);
        assertTrue(plan.matches("(?si).*Filter: .*(position|strpos)\\(.*"), statement + "\n" + plan);
        assertEquals(List.of(id), ids(search(local + "@Example.org", admin)));
        // both users match the local part; only the whole key tells them apart
        assertEquals(2, search(local, admin).getInt("total"));
        assertEquals(List.of(other), ids(search(local + "x@example.org", admin)));
        // LIKE wildcards stay literal in the whole key's check too
        assertEquals(0, search(local + "_example.org", admin).getInt("total"));
        assertEquals(0, search(local + "%example.org", admin).getInt("total"));
    }

    /**
     * The statement of a search that finds nothing, as pg_stat_activity shows it (such a
     * search is the last statement of its connection; a match would be followed by the
     * look-up of its lock), once it is {@code like} that: the server samples its users every
     * few seconds (WardenServer) and asks its indexes otherwise until then.
     */
    private String statementOf(String search, String admin, String like) throws InterruptedException {
        for (int attempt = 0; attempt < 120; attempt++) {
            assertEquals(0, search(search, admin).getInt("total"));
            String statement = (String) WardenServer.queryValue("select query from pg_stat_activity "
                    + "where pid <> pg_backend_pid() and query like ? limit 1", like);
            if (statement != null) {
                return statement;
            }
            Thread.sleep(250);
        }
        return org.junit.jupiter.api.Assertions.fail("no statement like " + like + " for a search of " + search);
    }

    private JsonObject search(String search, String admin) {
        return api.get("/api/v1/users?search=" + java.net.URLEncoder.encode(search, java.nio.charset.StandardCharsets.UTF_8),
                admin).ok(200).json();
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("items").stream().map(u -> u.asJsonObject().getString("id")).toList();
    }

    private String createUser(String username, String email, String admin) {
        return api.post("/api/v1/users", Json.createObjectBuilder().add("username", username).add("email", email)
                .add("password", "Correct#Horse-9").add("role", "viewer").build(), admin).ok(201).json().getString("id");
    }

    /**
     * Issue 14, point 4: the statement a search too short for the stretch index runs matches
     * the one expression the trigram index of V11_1 holds (username key, newline, e-mail key), so PostgreSQL can
     * answer a substring search from the index instead of reading every user. The test
     * database is too small for the planner to prefer the index by itself, so the plan is
     * asked with sequential and plain index scans priced out (a bitmap scan needs a
     * condition its index holds): an expression that no longer matched the index would
     * get a Seq Scan, or a whole other index read in order. The statement is taken as the
     * server ran it (pg_stat_activity), not copied here.
     */
    @Test
    void theSearchStatementIsServedByTheTrigramIndex() throws Exception {
        // four characters, too short for the stretch index; that no user has (a match's look-up
        // of its lock would follow the statement)
        java.util.Random random = new java.util.Random();
        String search = "zq" + (char) ('g' + random.nextInt(19)) + (char) ('g' + random.nextInt(19));
        String statement = null;
        for (int attempt = 0; attempt < 40 && statement == null; attempt++) {
            api.get("/api/v1/users?search=" + search, api.adminToken()).ok(200);
            statement = (String) WardenServer.queryValue("select query from pg_stat_activity "
                    + "where pid <> pg_backend_pid() and query like '%from users%like $1 escape%' limit 1");
        }
        assertNotNull(statement, "the search statement was seen in pg_stat_activity");
        String plan = genericPlan(statement);
        assertTrue(plan.contains("ix_users_search_trgm"), statement + "\n" + plan);
        assertFalse(plan.contains("Seq Scan on users"), plan);
        assertFalse(plan.contains("Index Scan using"), plan);
    }

    /**
     * Both search indexes (trigrams, five-character stretches) take a write at once instead
     * of queueing it in a GIN pending list, which every search reads whole until a vacuum
     * moves it into the index: every login writes a new version of its user's row, and at a
     * million users autovacuum waits for 200,000 of them (V12_2; 0.2 against 0.02 ms a search
     * after 500 updates, README "At scale").
     */
    @Test
    void theSearchIndexesHaveNoPendingList() throws Exception {
        String gin = "from pg_index i join pg_class c on c.oid = i.indexrelid join pg_am a on a.oid = c.relam "
                + "where i.indrelid = 'users'::regclass and a.amname = 'gin'";
        assertEquals("ix_users_search_grams,ix_users_search_trgm",
                WardenServer.queryValue("select string_agg(c.relname::text, ',' order by c.relname) " + gin));
        assertEquals(0L, ((Number) WardenServer.queryValue("select count(*) " + gin
                + " and not coalesce(c.reloptions @> array['fastupdate=off'], false)")).longValue());
    }

    /**
     * Every sort of GET /users reads one page of an index in its order: a plan that sorts
     * the whole users table (a Sort node; an Incremental Sort of rows that tie on the
     * index's key is fine) costs ~80 ms of both cores per page at a million users, as
     * sort=-last_login did before V12_1. The statements are taken as the server ran them:
     * with a search no user matches and that holds no trigram ("~"), so that the list is
     * the last statement of its connection (no count, no look-up of locks) and the plan
     * still reads users in the sort's order, checking the search on each.
     */
    @Test
    void everySortOfTheUserListIsServedByAnIndexInItsOrder() throws Exception {
        String admin = api.adminToken();
        for (String sort : List.of("created_at", "-created_at", "username", "-username", "last_login", "-last_login")) {
            String direction = sort.startsWith("-") ? " desc" : "";
            String column = switch (sort.replace("-", "")) {
                case "username" -> "username_key";
                default -> sort.replace("-", "");
            };
            String statement = null;
            for (int attempt = 0; attempt < 40 && statement == null; attempt++) {
                assertEquals(0, api.get("/api/v1/users?search=~&sort=" + sort, admin).ok(200).json().getInt("total"));
                String order = "%from users u1_0 where 1=1 and %like $1 escape '!' order by u1_0." + column;
                statement = (String) WardenServer.queryValue("select query from pg_stat_activity where pid <> pg_backend_pid() "
                        + "and query like ? and query not like ? limit 1",
                        order + direction + "%", direction.isEmpty() ? order + " desc%" : "-");
            }
            assertNotNull(statement, "the list statement of sort=" + sort + " was seen in pg_stat_activity");
            String plan = plan(statement, "enable_seqscan", "enable_bitmapscan");
            assertTrue(plan.contains("Index Scan"), sort + "\n" + statement + "\n" + plan);
            assertFalse(plan.lines().anyMatch(line -> line.matches("\\s*(->\\s*)?Sort\\s+\\(cost.*")), sort + "\n" + statement + "\n" + plan);
        }
    }

    /** The plan of a statement as the server ran it, with every way of reading all users priced out. */
    private static String genericPlan(String statement) throws Exception {
        // the table, or a whole index in its order
        return plan(statement, "enable_seqscan", "enable_indexscan", "enable_indexonlyscan");
    }

    /** The generic plan of a statement as the server ran it, with the planner's {@code switchedOff} methods priced out. */
    private static String plan(String statement, String... switchedOff) throws Exception {
        StringBuilder plan = new StringBuilder();
        // the simple protocol: the driver would take the statement's $1.. for parameters of its own
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(WardenServer.jdbcUrl()
                + "?preferQueryMode=simple", "postgres", ""); java.sql.Statement s = c.createStatement()) {
            for (String method : switchedOff) {
                s.execute("set " + method + " = off");
            }
            // PREPARE and a generic plan rather than EXPLAIN (GENERIC_PLAN), which PostgreSQL 15 lacks
            s.execute("set plan_cache_mode = force_generic_plan");
            s.execute("prepare planned as " + statement);
            int parameters = java.util.regex.Pattern.compile("\\$(\\d+)").matcher(statement).results()
                    .mapToInt(match -> Integer.parseInt(match.group(1))).max().orElse(0);
            String nulls = parameters == 0 ? "" : "(" + String.join(", ", java.util.Collections.nCopies(parameters, "null")) + ")";
            try (java.sql.ResultSet rows = s.executeQuery("explain execute planned" + nulls)) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
