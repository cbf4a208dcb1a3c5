package dev.warden.it;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code GET /auth/me} is answered before JAX-RS when the request is plain (auth.boundary.MeShortcut):
 * the client must not be able to tell. Each check sends the same request in the forms the
 * shortcut answers (no {@code Accept}, {@code *}{@code /*}, {@code application/json}) and in
 * forms it leaves to JAX-RS (an {@code Accept} with parameters or a list), and compares
 * status, headers and body; and the same for refusals, so a revoked caller is refused by
 * both alike.
 */
class MeShortcutIT extends WardenIT {

    private static final String ME = "/api/v1/auth/me";
    /** Answered by the shortcut. */
    private static final List<String> SHORTCUT = java.util.Arrays.asList(null, "*/*", "application/json");
    /** Left to JAX-RS, the same meaning. */
    private static final List<String> JAX_RS = List.of("application/json;q=0.9", "text/plain;q=0.1, application/json",
            "application/*");
    /** Headers that differ between any two answers. */
    private static final Set<String> PER_ANSWER = Set.of("date", "connection", "keep-alive");

    private Api.Reply me(Map<String, String> credentials, String accept) {
        Map<String, String> headers = new TreeMap<>(credentials);
        if (accept != null) {
            headers.put("Accept", accept);
        }
        return api.send("GET", ME, null, null, headers);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private static Map<String, String> key(String apiKey) {
        return Map.of("X-API-Key", apiKey);
    }

    /** Every form of the request answers what JAX-RS answers, and that answer has {@code status}. */
    private Api.Reply sameEitherWay(Map<String, String> credentials, int status) {
        Api.Reply reference = me(credentials, JAX_RS.get(0));
        assertEquals(status, reference.status(), reference::text);
        for (String accept : concat(SHORTCUT, JAX_RS)) {
            Api.Reply reply = me(credentials, accept);
            assertEquals(reference.status(), reply.status(), () -> "Accept " + accept + ": " + reply.text());
            assertEquals(headers(reference), headers(reply), "Accept " + accept);
            assertEquals(reference.text(), reply.text(), "Accept " + accept);
        }
        return reference;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static Map<String, List<String>> headers(Api.Reply reply) {
        Map<String, List<String>> kept = new TreeMap<>();
        reply.headers().forEach((name, values) -> {
            if (!PER_ANSWER.contains(name.toLowerCase(Locale.ROOT))) {
                kept.put(name.toLowerCase(Locale.ROOT), values);
            }
        });
        return kept;
    }

    @Test
    void everyRoleGetsTheSameAnswerEitherWay() {
        for (String role : List.of("admin", "analyst", "viewer")) {
            Api.TestUser user = api.createUser(role);
            String token = api.accessToken(user.username(), user.password());
            Api.Reply reply = sameEitherWay(bearer(token), 200);
            assertEquals(user.id(), reply.json().getJsonObject("user").getString("id"));
            assertEquals(role, reply.json().getJsonObject("user").getString("role"));
            assertEquals("application/json", reply.contentType());
        }
    }

    /**
     * Java's HttpClient (Api) sends {@code Content-Length: 0} with a GET; most clients send
     * no {@code Content-Length} at all, as {@code HttpURLConnection} does.
     */
    @Test
    void aGetWithoutContentLengthGetsTheSameAnswer() throws Exception {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        Api.Reply reference = me(bearer(token), JAX_RS.get(0));
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) new java.net.URL(api.base() + ME)
                .openConnection();
        connection.setRequestProperty("Authorization", "Bearer " + token);
        connection.setRequestProperty("Accept", "*/*"); // its default is a list, which JAX-RS answers
        try {
            assertEquals(200, connection.getResponseCode());
            assertEquals(reference.contentType(), connection.getContentType());
            try (var body = connection.getInputStream()) {
                assertEquals(reference.text(), new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            }
        } finally {
            connection.disconnect();
        }
    }

    @Test
    void anApiKeyGetsTheSameAnswerEitherWay() {
        Api.TestUser user = api.createUser("analyst");
        String apiKey = api.createKey(api.accessToken(user.username(), user.password()), "shortcut").getString("api_key");
        Api.Reply reply = sameEitherWay(key(apiKey), 200);
        assertEquals(user.id(), reply.json().getJsonObject("user").getString("id"));
    }

    @Test
    void aChangeOfTheUserShowsAtOnceEitherWay() {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        sameEitherWay(bearer(token), 200);
        String email = "changed-" + user.username() + "@example.org";
        api.patch("/api/v1/users/" + user.id(), Json.createObjectBuilder().add("email", email).build(), api.adminToken())
                .ok(200);
        assertEquals(email, sameEitherWay(bearer(token), 200).json().getJsonObject("user").getString("email"));
    }

    @Test
    void revokedCallersAreRefusedAlikeEitherWay() {
        String admin = api.adminToken();

        Api.TestUser loggedOut = api.createUser("viewer");
        String token = api.accessToken(loggedOut.username(), loggedOut.password());
        sameEitherWay(bearer(token), 200);
        api.post("/api/v1/auth/logout", null, token).ok(204);
        sameEitherWay(bearer(token), 401).problem(401, "unauthorized");

        Api.TestUser demoted = api.createUser("admin");
        String demotedToken = api.accessToken(demoted.username(), demoted.password());
        sameEitherWay(bearer(demotedToken), 200);
        api.patch("/api/v1/users/" + demoted.id(), Json.createObjectBuilder().add("role", "viewer").build(), admin).ok(200);
        sameEitherWay(bearer(demotedToken), 401).problem(401, "unauthorized");

        Api.TestUser deactivated = api.createUser("analyst");
        String deactivatedToken = api.accessToken(deactivated.username(), deactivated.password());
        String deactivatedKey = api.createKey(deactivatedToken, "shortcut").getString("api_key");
        sameEitherWay(key(deactivatedKey), 200);
        api.patch("/api/v1/users/" + deactivated.id(), Json.createObjectBuilder().add("is_active", false).build(), admin)
                .ok(200);
        sameEitherWay(bearer(deactivatedToken), 401).problem(401, "unauthorized");
        sameEitherWay(key(deactivatedKey), 401).problem(401, "unauthorized");

        Api.TestUser deleted = api.createUser("viewer");
        String deletedToken = api.accessToken(deleted.username(), deleted.password());
        sameEitherWay(bearer(deletedToken), 200);
        api.delete("/api/v1/users/" + deleted.id(), admin).ok(204);
        sameEitherWay(bearer(deletedToken), 401).problem(401, "unauthorized");
    }

    @Test
    void whatTheShortcutDoesNotAnswerIsAnsweredAsBefore() {
        Api.TestUser user = api.createUser("viewer");
        String token = api.accessToken(user.username(), user.password());
        me(bearer(token), "text/html").problem(406, "not_acceptable");
        api.send("GET", ME, "application/json", "{}", bearer(token)).problem(400, "bad_request");
        Api.Reply head = api.send("HEAD", ME, null, null, bearer(token));
        assertEquals(200, head.status());
        assertEquals("", head.text());
        assertEquals("application/json", head.contentType());
        me(Map.of(), null).problem(401, "unauthorized");
        me(bearer(token + "x"), null).problem(401, "unauthorized");
        me(Map.of("Authorization", "Bearer " + token, "X-API-Key", "wdn_whatever"), null).problem(401, "unauthorized");
    }
}
