package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC 5.3: users imported with bcrypt hashes made by other implementations sign in with
 * their old passwords and are upgraded at the first login. The hashes are fixtures made
 * by Python's bcrypt ($2b$, $2a$), Apache's htpasswd ($2y$) and PHP's password_hash
 * ($2y$): see src/test/resources/import/*.txt, whose first lines say how each was made.
 */
class UserImportIT extends WardenIT {

    private static final String PATH = "/api/v1/users/import";

    record Fixture(String password, String hash) {
    }

    private static List<Fixture> fixtures(String file) throws Exception {
        List<Fixture> list = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                UserImportIT.class.getResourceAsStream("/import/" + file), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.startsWith("#") && !line.isBlank()) {
                    String[] parts = line.split("\t");
                    list.add(new Fixture(parts[0], parts[1]));
                }
            }
        }
        return list;
    }

    private static JsonObject entry(String username, String role, String hash) {
        return Json.createObjectBuilder().add("username", username).add("email", username + "@imported.test")
                .add("role", role).add("password_hash", hash).build();
    }

    private static String name(String tag) {
        return tag + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void hashesFromPythonBcryptHtpasswdAndPhpSignInAndAreUpgradedAtTheFirstLogin() throws Exception {
        List<Fixture> all = new ArrayList<>(fixtures("python-bcrypt.txt"));
        all.addAll(fixtures("htpasswd.txt"));
        all.addAll(fixtures("php.txt"));
        assertTrue(all.stream().anyMatch(f -> f.hash().startsWith("$2a$")));
        assertTrue(all.stream().anyMatch(f -> f.hash().startsWith("$2b$")));
        assertTrue(all.stream().anyMatch(f -> f.hash().startsWith("$2y$")));
        List<String> names = new ArrayList<>();
        JsonArrayBuilder users = Json.createArrayBuilder();
        for (Fixture f : all) {
            String username = name("imp");
            names.add(username);
            users.add(entry(username, "analyst", f.hash()));
        }
        JsonObject result = api.post(PATH, Json.createObjectBuilder().add("users", users).build(), api.adminToken())
                .ok(200).json();
        assertEquals(all.size(), result.getInt("imported"), result.toString());
        assertEquals(0, result.getInt("skipped"));
        assertEquals(0, result.getJsonArray("errors").size());

        for (int i = 0; i < all.size(); i++) {
            String username = names.get(i);
            Fixture f = all.get(i);
            assertEquals(f.hash(), WardenServer.queryValue("select password_hash from users where username = ?", username),
                    "stored as imported until the first login");
            api.login(username, f.password() + "x").problem(401, "invalid_credentials");
            JsonObject tokens = api.tokens(username, f.password());
            JsonObject me = api.get("/api/v1/auth/me", tokens.getString("access_token")).ok(200).json();
            assertEquals("analyst", me.getJsonObject("user").getString("role"));
            assertEquals(username + "@imported.test", me.getJsonObject("user").getString("email"));
            String upgraded = (String) WardenServer.queryValue("select password_hash from users where username = ?", username);
            assertTrue(upgraded.startsWith("bcrypt-sha384:$2b$0" + WardenServer.BCRYPT_COST + "$"), upgraded);
            api.login(username, f.password()).ok(200);
        }
    }

    @Test
    void badEntriesAreReportedOneByOneAndTheGoodOnesAroundThemAreImported() throws Exception {
        Fixture good = fixtures("python-bcrypt.txt").get(0);
        String existing = api.createUser("viewer").username();
        String first = name("first");
        String last = name("last");
        String twice = name("twice");
        JsonArrayBuilder users = Json.createArrayBuilder()
                .add(entry(first, "viewer", good.hash()))                                       // 0 ok
                .add(entry(name("md5"), "viewer", "$1$saltsalt$qjXMvbEw8oaL.CzflDugX/"))         // 1 md5crypt
                .add(entry(name("plain"), "viewer", "hunter2"))                                 // 2 plain text
                .add(entry(existing, "viewer", good.hash()))                                    // 3 duplicate
                .add(entry(name("role"), "root", good.hash()))                                  // 4 bad role
                .add(entry(twice, "viewer", good.hash()))                                       // 5 ok
                .add(entry(twice.toUpperCase(), "viewer", good.hash()))                         // 6 duplicate in batch
                .add(entry(name("slow"), "viewer", "$2b$31$" + good.hash().substring(7)))       // 7 absurd cost
                .add(JsonValue.NULL)                                                            // 8 not an object
                .add(Json.createObjectBuilder().add("username", "x").add("email", "bad")
                        .add("role", "viewer").add("password_hash", good.hash()))               // 9 bad name
                .add(entry(last, "admin", good.hash()));                                        // 10 ok
        JsonObject result = api.post(PATH, Json.createObjectBuilder().add("users", users).build(), api.adminToken())
                .ok(200).json();
        assertEquals(3, result.getInt("imported"), result.toString());
        assertEquals(8, result.getInt("skipped"));
        List<JsonObject> errors = result.getJsonArray("errors").stream().map(JsonValue::asJsonObject).toList();
        assertEquals(List.of(1, 2, 3, 4, 6, 7, 8, 9), errors.stream().map(e -> e.getInt("index")).toList());
        assertEquals("password_hash", errors.get(0).getString("field"));
        assertEquals("password_hash", errors.get(1).getString("field"));
        assertEquals("conflict", errors.get(2).getString("code"));
        assertEquals(existing, errors.get(2).getString("username"));
        assertEquals("role", errors.get(3).getString("field"));
        assertEquals("conflict", errors.get(4).getString("code"));
        assertEquals("password_hash", errors.get(5).getString("field"));
        assertEquals("username", errors.get(7).getString("field"));
        assertTrue(errors.stream().allMatch(e -> e.containsKey("message")));

        for (String imported : List.of(first, twice, last)) {
            assertEquals(1L, WardenServer.queryValue("select count(*) from users where username = ?", imported));
        }
        assertEquals("admin", WardenServer.queryValue("select role from users where username = ?", last));
        assertEquals(1L, WardenServer.queryValue("select count(*) from users where username_key = ?", existing.toLowerCase()));
        api.login(last, good.password()).ok(200);
    }

    /**
     * An address is checked as creating a user checks it (until 2026-12-05 the import took
     * what POST /users refuses); spaces around it, common in exported lists, are trimmed.
     */
    @Test
    void addressesAreCheckedAsEverywhereElse() throws Exception {
        Fixture good = fixtures("python-bcrypt.txt").get(0);
        List<String> refused = List.of("a@-x.org", "a@x.org.", "a\u001b@x.org", "a@x", "a b@x.org", "x".repeat(250) + "@x.org");
        JsonArrayBuilder users = Json.createArrayBuilder();
        for (String email : refused) {
            users.add(Json.createObjectBuilder().add("username", name("addr")).add("email", email).add("role", "viewer")
                    .add("password_hash", good.hash()));
            api.post("/api/v1/users", Json.createObjectBuilder().add("username", name("direct")).add("email", email)
                    .add("password", "Valid#Pass-2026x").add("role", "viewer").build(), api.adminToken())
                    .problem(400, "validation_failed");
        }
        String spaced = name("spaced");
        users.add(Json.createObjectBuilder().add("username", spaced).add("email", "  " + spaced + "@imported.test ")
                .add("role", "viewer").add("password_hash", good.hash()));
        JsonObject result = api.post(PATH, Json.createObjectBuilder().add("users", users).build(), api.adminToken())
                .ok(200).json();
        assertEquals(1, result.getInt("imported"), result.toString());
        List<JsonObject> errors = result.getJsonArray("errors").stream().map(JsonValue::asJsonObject).toList();
        assertEquals(refused.size(), errors.size(), result.toString());
        assertTrue(errors.stream().allMatch(e -> "email".equals(e.getString("field"))), result.toString());
        assertEquals(spaced + "@imported.test", WardenServer.queryValue("select email from users where username = ?", spaced));
    }

    @Test
    void theRequestItselfIsValidated() {
        String admin = api.adminToken();
        api.post(PATH, Json.createObjectBuilder().build(), admin).problem(400, "validation_failed");
        api.post(PATH, Json.createObjectBuilder().add("users", Json.createArrayBuilder()).build(), admin)
                .problem(400, "validation_failed");
        assertEquals("users", api.post(PATH, Json.createObjectBuilder().add("users", "everyone").build(), admin)
                .problem(400, "validation_failed").json().getJsonArray("errors").getJsonObject(0).getString("field"));
        Api.TestUser analyst = api.createUser("analyst");
        api.post(PATH, Json.createObjectBuilder().add("users", Json.createArrayBuilder()
                .add(entry(name("x"), "viewer", "$2b$05$" + "a".repeat(53)))).build(),
                api.accessToken(analyst.username(), analyst.password())).problem(403, "forbidden");
    }
}
