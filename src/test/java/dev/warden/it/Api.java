package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** A small HTTP client for Warden's API, as a REST client sees it. */
public final class Api {

    /** Java's default: it asks for the h2c upgrade on every new connection, which Warden ignores (HTTP/1.1 only). */
    /**
     * HTTP/1.1, as most API clients speak it in clear text: Java's client would otherwise
     * offer an upgrade to HTTP/2 (h2c), which WildFly's Undertow accepts and Payara's
     * Grizzly does not.
     */
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final String base;
    private final Map<String, String> always;
    private final HttpClient http;

    public Api(URL deployment) {
        String value = deployment.toString();
        this.base = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        this.always = Map.of();
        this.http = HTTP;
    }

    private Api(String base, Map<String, String> always, HttpClient http) {
        this.base = base;
        this.always = always;
        this.http = http;
    }

    /**
     * The same client as if behind a proxy that forwards for {@code client}; it counts as
     * that address only where the server trusts the local address as a proxy (the Cluster*IT classes).
     */
    public Api forwardedFor(String client) {
        return new Api(base, Map.of("X-Forwarded-For", client), http);
    }

    public String base() {
        return base;
    }

    public record Reply(int status, Map<String, List<String>> headers, String text) {
        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new StringReader(text))) {
                JsonStructure value = reader.read();
                return value.asJsonObject();
            }
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        /** Asserts a problem+json answer with this status and code. */
        public Reply problem(int expectedStatus, String expectedCode) {
            assertEquals(expectedStatus, status, () -> "status; body: " + text);
            String type = Optional.ofNullable(contentType()).orElse("");
            if (!type.startsWith("application/problem+json")) {
                fail("expected application/problem+json, got " + type + ": " + text);
            }
            JsonObject body = json();
            assertEquals(expectedCode, body.getString("code"), () -> "code; body: " + text);
            assertEquals(expectedStatus, body.getInt("status"));
            for (String member : List.of("type", "title", "detail")) {
                if (!body.containsKey(member)) {
                    fail("problem without " + member + ": " + text);
                }
            }
            return this;
        }

        public Reply ok(int expectedStatus) {
            assertEquals(expectedStatus, status, () -> "status; body: " + text);
            return this;
        }
    }

    public Reply send(String method, String path, String contentType, String body, Map<String, String> headers) {
        Reply reply = exchange(method, path, contentType, body, headers);
        Secrets.fromHeaders(headers);
        Secrets.fromJson(body);
        Secrets.fromJson(reply.text());
        OpenApiContract.check(base, method, path, contentType, body, headers, reply);
        return reply;
    }

    /**
     * A GET whose answer is not held to the OpenAPI document: for asking whether a server
     * serves Warden at all (SharedPayaraMicro, WardenIT), where another server's 404 page
     * would otherwise be reported as a break of the contract.
     */
    public Reply probe(String path) {
        return exchange("GET", path, null, null, Map.of());
    }

    private Reply exchange(String method, String path, String contentType, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        always.forEach(request::header);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply get(String path, String token) {
        return send("GET", path, null, null, auth(token));
    }

    public Reply post(String path, JsonValue body, String token) {
        return send("POST", path, "application/json", body == null ? null : body.toString(), auth(token));
    }

    public Reply patch(String path, JsonValue body, String token) {
        return send("PATCH", path, "application/json", body.toString(), auth(token));
    }

    public Reply delete(String path, String token) {
        return send("DELETE", path, null, null, auth(token));
    }

    /** A request authenticated with an X-API-Key header instead of a bearer token. */
    public Reply withKey(String method, String path, JsonValue body, String apiKey) {
        return send(method, path, body == null ? null : "application/json", body == null ? null : body.toString(),
                Map.of("X-API-Key", apiKey));
    }

    /** Creates an API key for the holder of the token; returns the creation answer. */
    public JsonObject createKey(String token, String name) {
        return post("/api/v1/users/me/api-keys", Json.createObjectBuilder().add("key_name", name).build(), token)
                .ok(201).json();
    }

    private static Map<String, String> auth(String token) {
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }

    public Reply login(String username, String password) {
        return post("/api/v1/auth/login", Json.createObjectBuilder()
                .add("username", username).add("password", password).build(), null);
    }

    /** Logs in and returns the token answer, failing the test otherwise. */
    public JsonObject tokens(String username, String password) {
        return login(username, password).ok(200).json();
    }

    public String accessToken(String username, String password) {
        return tokens(username, password).getString("access_token");
    }

    public String adminToken() {
        return accessToken(WardenServer.ADMIN_USERNAME, WardenServer.ADMIN_PASSWORD);
    }

    /** A fresh user with a unique name; returns its id. */
    public TestUser createUser(String role) {
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String password = "Str0ng!" + UUID.randomUUID().toString().substring(0, 8) + "xY";
        JsonObject user = post("/api/v1/users", Json.createObjectBuilder()
                .add("username", name).add("email", name + "@example.org")
                .add("password", password).add("role", role).build(), adminToken()).ok(201).json();
        return new TestUser(user.getString("id"), name, name + "@example.org", password, role);
    }

    public record TestUser(String id, String username, String email, String password, String role) {
    }
}
