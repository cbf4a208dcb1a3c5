package dev.warden.it;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every operation of the served OpenAPI document that takes a JSON body, sent a valid body
 * in a real context (the caller's own password, a live refresh token, an existing report,
 * alert or user) with <b>one</b> member spoiled at a time, nested members included
 * ({@code filters.since}, {@code users[0].email}): left out, null, of another type, empty,
 * one past its bounds and at them, with NUL, control characters, a lone surrogate, a byte
 * order mark, multi-byte and astral characters, formats almost right (an address literal,
 * year 0 or 10000, an offset of +25:00, an upper-case UUID), numbers past int and long.
 * Where {@link FuzzIT}'s bodies are hostile everywhere and mostly stop at the first check,
 * these pass every check but one, so each value reaches as far into Warden, and into the
 * database, as it can go.
 * <p>
 * Every answer keeps {@link AnswerRules} (no 5xx but 503, a problem+json of the catalogue,
 * nothing changed by a refusal), keeps the OpenAPI document (Api: a request the document
 * calls invalid is refused, an answer is as documented), a {@code validation_failed}
 * names the spoiled member, and a text that was taken is shown as sent (trimmed, or null
 * for a blank optional one), not changed on its way into the database (a lone surrogate
 * became "?" until 2026-12-05: this rule catches that). A new operation with a body fails this test until it is given
 * a context here.
 */
class SpoiledMemberIT extends WardenIT {

    private static final String PASSWORD = "Valid#Pass-2026x";
    /** A member left out of the body, instead of a JSON value. */
    private static final String MISSING = Spoils.MISSING;
    private static final String PLACEHOLDER = "spoiled-member-placeholder";

    private final AnswerRules rules = new AnswerRules();
    private final List<String> findings = new ArrayList<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private int exchanges;

    /** One request: where it goes, with whose token, and its valid body. */
    private record Request(String path, String token, JsonObject body) {
    }

    @AfterEach
    void close() throws Exception {
        rules.close();
    }

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private String admin() {
        return tokens.computeIfAbsent("admin", a -> api.adminToken());
    }

    /** A user of its own for each request, logged in: nothing one request does reaches the next. */
    private JsonObject freshLogin(Api.TestUser user) {
        return api.tokens(user.username(), user.password());
    }

    private JsonObject reportBody(String name, String userId) {
        return Json.createObjectBuilder().add("name", name).add("description", "what it shows")
                .add("filters", Json.createObjectBuilder().add("event_types", Json.createArrayBuilder().add("login"))
                        .add("outcome", "success").add("since", "2026-01-01T00:00:00Z")
                        .add("until", "2026-02-01T00:00:00Z").add("user_id", userId)).build();
    }

    /** The operations with a JSON body, each with a context in which its valid body is accepted. */
    private Map<String, Supplier<Request>> operations() {
        Map<String, Supplier<Request>> operations = new TreeMap<>();
        Api.TestUser owner = api.createUser("analyst");
        String ownerToken = api.accessToken(owner.username(), owner.password());
        String report = api.post("/api/v1/reports", reportBody("spoiled", owner.id()), ownerToken).ok(201).json()
                .getString("id");
        Api.TestUser target = api.createUser("viewer");
        String alert = raiseAlert();
        String hash = BCrypt.withDefaults().hashToString(4, PASSWORD.toCharArray());

        operations.put("PATCH /api/v1/alerts/{alert_id}", () -> new Request("/api/v1/alerts/" + alert, admin(),
                Json.createObjectBuilder().add("status", "acknowledged").build()));
        operations.put("POST /api/v1/auth/forgot-password", () -> new Request("/api/v1/auth/forgot-password", null,
                Json.createObjectBuilder().add("email", target.email()).build()));
        operations.put("POST /api/v1/auth/login", () -> {
            Api.TestUser user = api.createUser("viewer");
            return new Request("/api/v1/auth/login", null, Json.createObjectBuilder().add("username", user.username())
                    .add("password", user.password()).build());
        });
        operations.put("POST /api/v1/auth/login/mfa", () -> new Request("/api/v1/auth/login/mfa", null,
                Json.createObjectBuilder().add("mfa_token", unique("mfa")).add("code", "123456").build()));
        operations.put("POST /api/v1/auth/logout", () -> {
            JsonObject session = freshLogin(api.createUser("viewer"));
            return new Request("/api/v1/auth/logout", session.getString("access_token"), Json.createObjectBuilder()
                    .add("refresh_token", session.getString("refresh_token")).build());
        });
        operations.put("POST /api/v1/auth/refresh", () -> new Request("/api/v1/auth/refresh", null,
                Json.createObjectBuilder().add("refresh_token", freshLogin(api.createUser("viewer"))
                        .getString("refresh_token")).build()));
        operations.put("POST /api/v1/auth/register", () -> {
            String name = unique("reg");
            return new Request("/api/v1/auth/register", null, Json.createObjectBuilder().add("username", name)
                    .add("email", name + "@warden.test").add("password", PASSWORD).build());
        });
        operations.put("POST /api/v1/auth/reset-password", () -> new Request("/api/v1/auth/reset-password", null,
                Json.createObjectBuilder().add("token", unique("reset")).add("new_password", PASSWORD).build()));
        operations.put("POST /api/v1/auth/verify-email", () -> new Request("/api/v1/auth/verify-email", null,
                Json.createObjectBuilder().add("token", unique("verify")).build()));
        operations.put("POST /api/v1/reports", () -> new Request("/api/v1/reports", ownerToken,
                reportBody(unique("report "), owner.id())));
        operations.put("PATCH /api/v1/reports/{report_id}", () -> new Request("/api/v1/reports/" + report, ownerToken,
                reportBody(unique("report "), owner.id())));
        operations.put("POST /api/v1/users", () -> {
            String name = unique("new");
            return new Request("/api/v1/users", admin(), Json.createObjectBuilder().add("username", name)
                    .add("email", name + "@warden.test").add("password", PASSWORD).add("role", "viewer").build());
        });
        operations.put("PATCH /api/v1/users/{user_id}", () -> new Request("/api/v1/users/" + target.id(), admin(),
                Json.createObjectBuilder().add("email", unique("moved") + "@warden.test").add("role", "analyst")
                        .add("is_active", true).build()));
        operations.put("POST /api/v1/users/import", () -> {
            String name = unique("imp");
            return new Request("/api/v1/users/import", admin(), Json.createObjectBuilder().add("users",
                    Json.createArrayBuilder().add(Json.createObjectBuilder().add("username", name)
                            .add("email", name + "@warden.test").add("role", "viewer").add("password_hash", hash)))
                    .build());
        });
        for (String step : List.of("enable", "backup-codes/regenerate")) {
            operations.put("POST /api/v1/users/me/2fa/" + step, () -> new Request("/api/v1/users/me/2fa/" + step,
                    ownerToken, Json.createObjectBuilder().add("code", "123456").build()));
        }
        operations.put("POST /api/v1/users/me/2fa/disable", () -> {
            Api.TestUser user = api.createUser("viewer");
            return new Request("/api/v1/users/me/2fa/disable", freshLogin(user).getString("access_token"),
                    Json.createObjectBuilder().add("password", user.password()).add("code", "123456").build());
        });
        operations.put("POST /api/v1/users/me/api-keys", () -> {
            Api.TestUser user = api.createUser("viewer");
            return new Request("/api/v1/users/me/api-keys", freshLogin(user).getString("access_token"),
                    Json.createObjectBuilder().add("key_name", "deploy key").add("expires_days", 30).build());
        });
        operations.put("POST /api/v1/users/me/change-password", () -> {
            Api.TestUser user = api.createUser("viewer");
            return new Request("/api/v1/users/me/change-password", freshLogin(user).getString("access_token"),
                    Json.createObjectBuilder().add("current_password", user.password()).add("new_password", PASSWORD)
                            .build());
        });
        return operations;
    }

    /** An alert to change: a lockout raises one (off the request thread, so it is awaited). */
    private String raiseAlert() {
        Api.TestUser user = api.createUser("viewer");
        for (int i = 0; i < 5; i++) {
            api.login(user.username(), "Wrong#Password-" + i);
        }
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<JsonObject> alert = api.get("/api/v1/alerts?type=account_locked&size=100", admin()).ok(200).json()
                    .getJsonArray("items").getValuesAs(JsonObject.class).stream()
                    .filter(a -> user.id().equals(a.getString("user_id", null))).findFirst();
            if (alert.isPresent()) {
                return alert.get().getString("id");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return fail("no account_locked alert was raised for " + user.username());
    }

    @Test
    void everyMemberOfEveryBodySpoiledAloneIsAnsweredByTheRules() throws Exception {
        ParseOptions resolve = new ParseOptions();
        resolve.setResolve(true);
        resolve.setResolveFully(true);
        OpenAPI document = new OpenAPIV3Parser().readContents(OpenApiContract.document(api.base()), null, resolve)
                .getOpenAPI();
        Map<String, Supplier<Request>> operations = operations();
        TreeSet<String> withBodies = new TreeSet<>();
        for (Map.Entry<String, PathItem> path : document.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> entry : path.getValue().readOperationsMap().entrySet()) {
                Operation operation = entry.getValue();
                if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null
                        || !operation.getRequestBody().getContent().containsKey("application/json")) {
                    continue;
                }
                String name = entry.getKey() + " " + path.getKey();
                withBodies.add(name);
                Supplier<Request> context = operations.get(name);
                if (context == null) {
                    continue;
                }
                Schema<?> schema = operation.getRequestBody().getContent().get("application/json").getSchema();
                boolean patch = entry.getKey() == PathItem.HttpMethod.PATCH;
                for (Map.Entry<String, List<String>> member : Spoils.spoils(schema, "").entrySet()) {
                    int i = 0;
                    for (String spoil : member.getValue()) {
                        // a PATCH takes either content type: every other spoil is sent as a merge patch
                        String type = patch && i++ % 2 == 1 ? "application/merge-patch+json" : "application/json";
                        exchange(entry.getKey().name(), context.get(), member.getKey(), spoil, type, name);
                    }
                }
            }
        }
        assertEquals(withBodies, new TreeSet<>(operations.keySet()),
                "every operation with a JSON body has a context here, and only those");
        assertEquals(List.of(), findings, findings.size() + " of " + exchanges + " exchanges broke the rules");
    }

    private void exchange(String method, Request request, String member, String spoil, String contentType,
                          String operation) throws Exception {
        String body = spoiled(request.body(), member, spoil);
        Map<String, String> headers = request.token() == null ? Map.of()
                : Map.of("Authorization", "Bearer " + request.token());
        Map<String, String> before = rules.checksums();
        String label = operation + " " + member + "=" + AnswerRules.abbreviate(spoil);
        exchanges++;
        Api.Reply reply;
        try {
            reply = api.send(method, request.path(), contentType, body, headers);
        } catch (IllegalStateException noAnswer) {
            findings.add("no answer (" + noAnswer.getMessage() + "): " + label);
            return;
        } catch (AssertionError contract) {
            findings.add(label + ": " + contract.getMessage().lines().limit(3).collect(Collectors.joining(" ")));
            return;
        }
        String summary = label + " -> " + reply.status() + " " + AnswerRules.abbreviate(reply.text());
        rules.judge(reply, before, summary, findings);
        if (reply.status() < 300 && spoil.startsWith("\"") && reply.text().startsWith("{")) {
            // what was taken is what is kept: the answer shows the member as sent, trimmed
            // (names are), or null for a blank optional text (a description)
            JsonValue shown = reply.json().get(member);
            String sent = Json.createReader(new java.io.StringReader(spoil)).readValue().toString();
            String sentText = ((JsonString) Json.createReader(new java.io.StringReader(spoil)).readValue()).getString();
            boolean kept = shown == null || shown.toString().equals(sent)
                    || shown instanceof JsonString text && text.getString().equals(sentText.strip())
                    || shown.getValueType() == JsonValue.ValueType.NULL && sentText.isBlank();
            if (!kept) {
                findings.add("taken but not kept as sent: " + summary);
            }
        }
        if (reply.status() == 400 && reply.text().contains("\"validation_failed\"")) {
            JsonArray errors = reply.json().getJsonArray("errors");
            boolean named = errors != null && errors.getValuesAs(JsonObject.class).stream()
                    .map(e -> e.getString("field", ""))
                    .anyMatch(field -> field.equals(member) || field.startsWith(member + ".")
                            || field.startsWith(member + "["));
            if (!named) {
                findings.add("does not name the spoiled member: " + summary);
            }
        }
    }

    /** The valid body as JSON text with the member at this path replaced by the spoil, or left out. */
    private static String spoiled(JsonObject body, String member, String spoil) {
        JsonValue changed = replace(body, new ArrayList<>(List.of(member.split("(?=\\[)|\\."))), spoil);
        String text = changed.toString();
        return MISSING.equals(spoil) ? text : text.replace("\"" + PLACEHOLDER + "\"", spoil);
    }

    private static JsonValue replace(JsonValue value, List<String> path, String spoil) {
        String step = path.remove(0);
        if (step.startsWith("[")) {
            JsonArray array = value.asJsonArray();
            int index = Integer.parseInt(step.substring(1, step.length() - 1));
            var copy = Json.createArrayBuilder(array);
            copy.set(index, replace(array.get(index), path, spoil));
            return copy.build();
        }
        JsonObject object = value.asJsonObject();
        JsonObjectBuilder copy = Json.createObjectBuilder(object);
        if (!path.isEmpty()) {
            copy.add(step, replace(object.get(step), path, spoil));
        } else if (MISSING.equals(spoil)) {
            copy.remove(step);
        } else {
            copy.add(step, PLACEHOLDER);
        }
        return copy.build();
    }
}
