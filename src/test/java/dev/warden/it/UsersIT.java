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

/** SPEC 5.3: user administration, its rules and their effect on sessions. */
class UsersIT extends WardenIT {

    private static final List<String> USER_MEMBERS = List.of("id", "username", "email", "role", "is_active", "is_locked",
            "locked_until", "email_verified", "totp_enabled", "created_at", "updated_at", "last_login");

    /**
     * Twelve admins create the same name at once: the unique constraint, not only the
     * look-up before it, decides, and its violation is a 409 (never a 500), exactly once
     * a 201.
     */
    @Test
    void concurrentCreatesOfOneNameGiveOneUserAndConflicts() throws Exception {
        String name = "race-" + UUID.randomUUID().toString().substring(0, 8);
        String admin = api.adminToken();
        List<Api.Reply> replies = Parallel.run(12, () -> api.post("/api/v1/users", Json.createObjectBuilder()
                .add("username", name).add("email", name + "@example.org").add("password", "Correct#Horse-9")
                .add("role", "viewer").build(), admin));
        assertEquals(1, replies.stream().filter(r -> r.status() == 201).count(), replies::toString);
        replies.stream().filter(r -> r.status() != 201).forEach(r -> r.problem(409, "conflict"));
        assertEquals(1L, WardenServer.queryValue("select count(*) from users where username_key = ?", name));
    }

    @Test
    void createAnswersTheUserWithEveryMemberAndNoHash() {
        String name = "Create-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Reply reply = api.post("/api/v1/users", Json.createObjectBuilder().add("username", name)
                .add("email", name + "@Example.org").add("password", "Correct#Horse-9").add("role", "analyst").build(),
                api.adminToken()).ok(201);
        JsonObject user = reply.json();
        assertEquals(USER_MEMBERS.stream().sorted().toList(), user.keySet().stream().sorted().toList());
        assertEquals(name, user.getString("username"));
        assertEquals("analyst", user.getString("role"));
        assertTrue(user.getBoolean("is_active"));
        assertTrue(user.isNull("last_login"));
        assertTrue(user.getString("created_at").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertTrue(reply.header("Location").endsWith("/api/v1/users/" + user.getString("id")));
        String hash = (String) WardenServer.queryValue("select password_hash from users where id = ?::uuid", user.getString("id"));
        assertTrue(hash.startsWith("bcrypt-sha384:$2b$0" + WardenServer.BCRYPT_COST + "$"), hash);
        assertFalse(reply.text().contains(hash.substring(20)));
        api.login(name.toLowerCase(), "Correct#Horse-9").ok(200);
    }

    @Test
    void usernamesAndEmailsAreUniqueIgnoringCase() {
        Api.TestUser user = api.createUser("viewer");
        String admin = api.adminToken();
        api.post("/api/v1/users", Json.createObjectBuilder().add("username", user.username().toUpperCase())
                .add("email", "other-" + user.email()).add("password", "Correct#Horse-9").add("role", "viewer").build(), admin)
                .problem(409, "conflict");
        api.post("/api/v1/users", Json.createObjectBuilder().add("username", "other" + user.username())
                .add("email", user.email().toUpperCase()).add("password", "Correct#Horse-9").add("role", "viewer").build(), admin)
                .problem(409, "conflict");
    }

    @Test
    void invalidFieldsAreAllReported() {
        JsonObject problem = api.post("/api/v1/users", Json.createObjectBuilder().add("username", "a b")
                .add("email", "not-an-email").add("password", "Correct#Horse-9").add("role", "root").build(), api.adminToken())
                .problem(400, "validation_failed").json();
        List<String> fields = problem.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("field")).distinct().sorted().toList();
        assertEquals(List.of("email", "role", "username"), fields);
    }

    @Test
    void aWeakPasswordIsRefusedWithEveryFailedRule() {
        String name = "weak" + UUID.randomUUID().toString().substring(0, 6);
        JsonObject problem = api.post("/api/v1/users", Json.createObjectBuilder().add("username", name)
                .add("email", name + "@example.org").add("password", name).add("role", "viewer").build(), api.adminToken())
                .problem(400, "weak_password").json();
        List<String> messages = problem.getJsonArray("errors").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("message")).toList();
        assertTrue(messages.size() >= 4, messages.toString());
        assertTrue(messages.contains("must not contain the username"), messages.toString());
        assertTrue(messages.contains("must contain an upper-case letter"), messages.toString());
        assertEquals(0L, WardenServer.queryValue("select count(*) from users where username_key = ?", name));
    }

    @Test
    void listFiltersSortsAndPages() {
        String tag = "lst" + UUID.randomUUID().toString().substring(0, 6);
        String admin = api.adminToken();
        for (String role : List.of("viewer", "viewer", "analyst")) {
            String name = tag + "-" + UUID.randomUUID().toString().substring(0, 4);
            api.post("/api/v1/users", Json.createObjectBuilder().add("username", name).add("email", name + "@example.org")
                    .add("password", "Correct#Horse-9").add("role", role).build(), admin).ok(201);
        }
        JsonObject all = api.get("/api/v1/users?search=" + tag.toUpperCase() + "&size=2&page=1&sort=-username", admin).ok(200).json();
        assertEquals(3, all.getInt("total"));
        assertEquals(2, all.getJsonArray("items").size());
        assertEquals(1, all.getInt("page"));
        assertEquals(2, all.getInt("size"));
        List<String> names = all.getJsonArray("items").getValuesAs(JsonObject.class).stream().map(u -> u.getString("username")).toList();
        assertEquals(names.stream().sorted(java.util.Comparator.reverseOrder()).toList(), names);
        JsonObject second = api.get("/api/v1/users?search=" + tag + "&size=2&page=2&sort=-username", admin).ok(200).json();
        assertEquals(1, second.getJsonArray("items").size());
        assertEquals(3, second.getInt("total"), "the last page, not full, knows the total without a count");
        JsonObject beyond = api.get("/api/v1/users?search=" + tag + "&size=2&page=3", admin).ok(200).json();
        assertEquals(0, beyond.getJsonArray("items").size());
        assertEquals(3, beyond.getInt("total"), "a page past the end still counts");
        JsonObject exact = api.get("/api/v1/users?search=" + tag + "&size=3", admin).ok(200).json();
        assertEquals(3, exact.getJsonArray("items").size());
        assertEquals(3, exact.getInt("total"));
        assertEquals(1, api.get("/api/v1/users?search=" + tag + "&role=analyst", admin).ok(200).json().getInt("total"));
        assertEquals(3, api.get("/api/v1/users?search=" + tag + "&active=true&sort=last_login", admin).ok(200).json().getInt("total"));
        assertEquals(0, api.get("/api/v1/users?search=" + tag + "&active=false", admin).ok(200).json().getInt("total"));
        assertEquals(0, api.get("/api/v1/users?search=" + tag + "_%25", admin).ok(200).json().getInt("total"),
                "LIKE wildcards in search are literal");
    }

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
     * Issue 14, point 4: a search holding trigrams most users share (here the e-mail domain of
     * nearly every test user, example.org) asks the trigram index only for the rest of the key
     * and checks the whole key on what that finds (SearchTerms, CommonTrigrams): the second
     * user below has the first one's name and the domain in its username and e-mail, so it
     * matches every part the index is asked for, and the answer must still leave it out.
     */
    @Test
    void aSearchLeavesTheDomainEveryUserSharesOutOfTheIndexAndStillMatchesTheWholeKey() throws Exception {
        String admin = api.adminToken();
        for (int i = 0; i < 12; i++) {
            api.createUser("viewer"); // users at example.org, so many that its trigrams count as shared
        }
        String name = "cmn" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String id = createUser(name, name + "@example.org", admin);
        String other = createUser(name + "x", name + "x@example.org", admin);
        // a search that finds nothing is the last statement of its connection (a match would
        // be followed by the look-up of its lock), so pg_stat_activity shows it
        String statement = null;
        for (int attempt = 0; attempt < 120 && statement == null; attempt++) {
            assertEquals(0, api.get("/api/v1/users?search=" + name + "@example.orgx", admin).ok(200).json()
                    .getInt("total"));
            statement = (String) WardenServer.queryValue("select query from pg_stat_activity where pid <> pg_backend_pid() "
                    + "and query like '%from users%like $1 escape%like $2 escape%' limit 1");
            if (statement == null) {
                Thread.sleep(250); // the server samples its users every few seconds (WardenServer)
            }
        }
        assertNotNull(statement, "a search with the domain every user has left it out of the index");
        String plan = genericPlan(statement);
        // the two parts are the index's condition; the whole key is checked on the rows it finds
        assertTrue(plan.contains("Bitmap Index Scan on ix_users_search_trgm"), statement + "\n" + plan);
        assertTrue(plan.matches("(?si).*Filter: .*(position|strpos)\\(.*"), statement + "\n" + plan);
        JsonObject found = api.get("/api/v1/users?search=" + name + "@Example.org", admin).ok(200).json();
        assertEquals(1, found.getInt("total"), found.toString());
        assertEquals(id, found.getJsonArray("items").getJsonObject(0).getString("id"));
        // both users match the name part; only the whole key tells them apart
        JsonObject both = api.get("/api/v1/users?search=" + name, admin).ok(200).json();
        assertEquals(2, both.getInt("total"), both.toString());
        assertEquals(List.of(other), api.get("/api/v1/users?search=" + name + "x@example.org", admin).ok(200).json()
                .getJsonArray("items").stream().map(u -> u.asJsonObject().getString("id")).toList());
        assertEquals(0, api.get("/api/v1/users?search=" + name + "@example.orgx", admin).ok(200).json().getInt("total"));
        // LIKE wildcards stay literal in the whole key's check too
        assertEquals(0, api.get("/api/v1/users?search=" + name + "_example.org", admin).ok(200).json().getInt("total"));
        assertEquals(0, api.get("/api/v1/users?search=" + name + "%25example.org", admin).ok(200).json().getInt("total"));
    }

    private String createUser(String username, String email, String admin) {
        return api.post("/api/v1/users", Json.createObjectBuilder().add("username", username).add("email", email)
                .add("password", "Correct#Horse-9").add("role", "viewer").build(), admin).ok(201).json().getString("id");
    }

    @Test
    void badListParametersAre400() {
        String admin = api.adminToken();
        for (String query : List.of("size=0", "size=101", "page=0", "page=x", "role=root", "active=maybe", "sort=password_hash")) {
            api.get("/api/v1/users?" + query, admin).problem(400, "validation_failed");
        }
    }

    @Test
    void getPatchAndDelete() {
        Api.TestUser user = api.createUser("viewer");
        String admin = api.adminToken();
        assertEquals(user.username(), api.get("/api/v1/users/" + user.id(), admin).ok(200).json().getString("username"));
        JsonObject patched = api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder()
                .add("email", "changed-" + user.email()).build(), admin).ok(200).json();
        assertEquals("changed-" + user.email(), patched.getString("email"));
        assertEquals("viewer", patched.getString("role"));
        api.delete("/api/v1/users/" + user.id(), admin).ok(204);
        api.get("/api/v1/users/" + user.id(), admin).problem(404, "not_found");
        api.delete("/api/v1/users/" + user.id(), admin).problem(404, "not_found");
        api.get("/api/v1/users/not-a-uuid", admin).problem(404, "not_found");
        api.login(user.username(), user.password()).problem(401, "invalid_credentials");
    }

    @Test
    void aRoleChangeEndsTheUsersSessionsAtOnce() {
        Api.TestUser user = api.createUser("analyst");
        JsonObject tokens = api.tokens(user.username(), user.password());
        api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("role", "viewer").build(), api.adminToken()).ok(200);
        api.get("/api/v1/auth/me", tokens.getString("access_token")).problem(401, "unauthorized");
        api.post("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", tokens.getString("refresh_token")).build(), null)
                .problem(401, "refresh_token_invalid");
        JsonObject me = api.get("/api/v1/auth/me", api.accessToken(user.username(), user.password())).ok(200).json();
        assertEquals("viewer", me.getJsonObject("user").getString("role"));
    }

    @Test
    void deactivationEndsSessionsAndLoginSaysDisabledOnlyAfterTheRightPassword() {
        Api.TestUser user = api.createUser("viewer");
        String access = api.accessToken(user.username(), user.password());
        String admin = api.adminToken();
        api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("is_active", false).build(), admin).ok(200);
        api.get("/api/v1/auth/me", access).problem(401, "unauthorized");
        api.login(user.username(), user.password()).problem(403, "account_disabled");
        api.login(user.username(), "Wrong#Password1").problem(401, "invalid_credentials");
        api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("is_active", true).build(), admin).ok(200);
        api.login(user.username(), user.password()).ok(200);
    }

    @Test
    void theLastActiveAdminCannotBeDemotedDeactivatedOrDeleted() {
        Api.TestUser second = api.createUser("admin");
        String token = api.accessToken(second.username(), second.password());
        // every other admin steps aside, leaving `second` as the only active admin
        List<JsonObject> admins = api.get("/api/v1/users?role=admin&active=true&size=100", token).ok(200).json()
                .getJsonArray("items").getValuesAs(JsonObject.class);
        for (JsonObject other : admins) {
            if (!other.getString("id").equals(second.id())) {
                api.patch("/api/v1/users/" + other.getString("id"), Json.createObjectBuilder().add("is_active", false).build(), token).ok(200);
            }
        }
        try {
            api.patch("/api/v1/users/" + second.id(), Json.createObjectBuilder().add("role", "viewer").build(), token).problem(409, "last_admin");
            api.patch("/api/v1/users/" + second.id(), Json.createObjectBuilder().add("is_active", false).build(), token).problem(409, "last_admin");
            api.delete("/api/v1/users/" + second.id(), token).problem(409, "last_admin");
            assertEquals("admin", api.get("/api/v1/users/" + second.id(), token).ok(200).json().getString("role"));
        } finally {
            for (JsonObject other : admins) {
                if (!other.getString("id").equals(second.id())) {
                    api.patch("/api/v1/users/" + other.getString("id"), Json.createObjectBuilder().add("is_active", true).build(), token).ok(200);
                }
            }
        }
    }

    @Test
    void twoAdminsDemotingEachOtherConcurrentlyLeaveOneAdmin() throws Exception {
        Api.TestUser a = api.createUser("admin");
        Api.TestUser b = api.createUser("admin");
        String tokenA = api.accessToken(a.username(), a.password());
        String tokenB = api.accessToken(b.username(), b.password());
        List<String> others = api.get("/api/v1/users?role=admin&active=true&size=100", tokenA).ok(200).json()
                .getJsonArray("items").getValuesAs(JsonObject.class).stream().map(u -> u.getString("id"))
                .filter(id -> !id.equals(a.id()) && !id.equals(b.id())).toList();
        for (String other : others) {
            api.patch("/api/v1/users/" + other, Json.createObjectBuilder().add("is_active", false).build(), tokenA).ok(200);
        }
        List<Api.Reply> replies = Parallel.run(2, new java.util.concurrent.Callable<>() {
            private final java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public Api.Reply call() {
                boolean first = turn.getAndIncrement() == 0;
                return api.patch("/api/v1/users/" + (first ? b.id() : a.id()),
                        Json.createObjectBuilder().add("role", "viewer").build(), first ? tokenA : tokenB);
            }
        });
        long demoted = replies.stream().filter(r -> r.status() == 200).count();
        assertEquals(1, demoted, replies.toString());
        replies.stream().filter(r -> r.status() != 200).forEach(r ->
                assertTrue(r.status() == 409 || r.status() == 401, r.toString()));
        assertEquals(1L, WardenServer.queryValue("select count(*) from users where role = 'admin' and is_active"));
        String survivor = (String) WardenServer.queryValue(
                "select username from users where role = 'admin' and is_active");
        String token = api.accessToken(survivor, survivor.equals(a.username()) ? a.password() : b.password());
        for (String other : others) {
            api.patch("/api/v1/users/" + other, Json.createObjectBuilder().add("is_active", true).build(), token).ok(200);
        }
        assertNotNull(api.adminToken());
    }

    /**
     * Issue 14, point 4: the statement the search runs matches the one expression the
     * trigram index of V11_1 holds (username key, newline, e-mail key), so PostgreSQL can
     * answer a substring search from the index instead of reading every user. The test
     * database is too small for the planner to prefer the index by itself, so the plan is
     * asked with sequential and plain index scans priced out (a bitmap scan needs a
     * condition its index holds): an expression that no longer matched the index would
     * get a Seq Scan, or a whole other index read in order. The statement is taken as the
     * server ran it (pg_stat_activity), not copied here.
     */
    @Test
    void theSearchStatementIsServedByTheTrigramIndex() throws Exception {
        String search = "trgm-" + UUID.randomUUID().toString().substring(0, 8);
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
            try (java.sql.ResultSet rows = s.executeQuery("explain (generic_plan) " + statement)) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }
}
