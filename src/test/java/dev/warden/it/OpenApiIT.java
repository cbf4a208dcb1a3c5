package dev.warden.it;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 9: the OpenAPI document is the wire, checked by a maintained parser; Swagger UI at
 * /docs. (That every exchange of every HTTP test matches the document is OpenApiContract's
 * job, in Api.)
 */
class OpenApiIT extends WardenIT {

    private static final Pattern SNAKE_CASE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Set<String> PUBLIC = Set.of("login", "loginWithSecondFactor", "refreshTokens", "getJwks",
            "forgotPassword", "resetPassword", "register", "verifyEmail", "getHealth", "getLiveness", "getReadiness",
            "getStartup");
    private static final Set<String> SESSION_ONLY = Set.of("logout", "changeMyPassword", "createMyApiKey",
            "deleteMyApiKey", "setUpTwoFactor", "enableTwoFactor", "disableTwoFactor", "regenerateBackupCodes");

    private Api server() throws Exception {
        URI base = URI.create(api.base());
        return new Api(new URL(base.getScheme() + "://" + base.getHost() + ":" + base.getPort() + "/"));
    }

    private OpenAPI parsed(String text) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertEquals(List.of(), result.getMessages(), "swagger-parser finds errors in /openapi");
        return result.getOpenAPI();
    }

    @Test
    void theServedDocumentParsesWithoutErrorAsJsonAndAsYaml() throws Exception {
        parsed(server().send("GET", "/openapi", null, null, Map.of("Accept", "application/json")).ok(200).text());
        String yaml = server().send("GET", "/openapi", null, null, Map.of()).ok(200).text();
        // WildFly's SmallRye OpenAPI starts the YAML with a document marker
        assertTrue(yaml.replaceFirst("^---\n", "").startsWith("openapi:"), "YAML by default: " + yaml.substring(0, 40));
        OpenAPI document = parsed(yaml);
        assertTrue(document.getPaths().containsKey("/api/v1/auth/login"));
    }

    @Test
    void onlyStandardMembersAndARelativeServer() throws Exception {
        JsonObject document = Json.createReader(new StringReader(
                server().send("GET", "/openapi", null, null, Map.of("Accept", "application/json")).ok(200).text()))
                .readObject();
        Set<String> standard = Set.of("openapi", "info", "servers", "paths", "components", "security", "tags",
                "externalDocs");
        assertTrue(standard.containsAll(document.keySet()), "non-standard top-level members: " + document.keySet());
        assertTrue(!document.toString().contains("\"x-"), "vendor extensions in the document");
        String server = document.getJsonArray("servers").getJsonObject(0).getString("url");
        assertTrue(server.startsWith("/"), "a relative server URL that holds behind any proxy: " + server);
        List<String> tags = document.getJsonArray("tags").stream().map(t -> t.asJsonObject().getString("name")).toList();
        assertEquals(new TreeSet<>(tags).size(), tags.size(), "duplicate tags: " + tags);
    }

    @Test
    void everyOperationDescribesItsAnswersSecurityAndBodiesAsTheWireHasThem() throws Exception {
        OpenAPI document = parsed(server().send("GET", "/openapi", null, null, Map.of("Accept", "application/json"))
                .ok(200).text());
        List<String> problems = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) -> {
            String name = method + " " + path + " (" + op.getOperationId() + ")";
            if (!ids.add(op.getOperationId())) {
                problems.add(name + ": operationId is not unique");
            }
            if (op.getSummary() == null || op.getTags() == null || op.getTags().isEmpty()) {
                problems.add(name + ": no summary or tag");
            }
            checkSecurity(op, name, problems);
            checkResponses(op, method, name, problems);
        }));
        document.getComponents().getSchemas().forEach((schemaName, schema) -> checkNames(schemaName, schema, problems));
        assertEquals(List.of(), problems);
        // The catalogue of codes is the problem schema's enum.
        Schema<?> code = (Schema<?>) document.getComponents().getSchemas().get("Problem").getProperties().get("code");
        assertTrue(code.getEnum().containsAll(List.of("invalid_credentials", "account_locked", "refresh_token_reused",
                "session_required", "service_unavailable", "internal_error")), String.valueOf(code.getEnum()));
        // Types as on the wire: integers and formats, never strings for numbers.
        Schema<?> tokens = document.getComponents().getSchemas().get("TokenResponse");
        assertEquals("integer", type((Schema<?>) tokens.getProperties().get("expires_in")));
        assertEquals(List.of("access_token", "refresh_token", "token_type", "expires_in", "refresh_expires_in"),
                new ArrayList<>(tokens.getProperties().keySet()));
        Schema<?> user = document.getComponents().getSchemas().get("UserView");
        assertEquals("uuid", ((Schema<?>) user.getProperties().get("id")).getFormat());
        assertEquals("date-time", ((Schema<?>) user.getProperties().get("created_at")).getFormat());
        assertEquals(List.of("admin", "analyst", "viewer"), ((Schema<?>) user.getProperties().get("role")).getEnum());
        var size = document.getPaths().get("/api/v1/users").getGet().getParameters().stream()
                .filter(p -> p.getName().equals("size")).findFirst().orElseThrow();
        assertEquals("integer", type(size.getSchema()));
        assertEquals(100, size.getSchema().getMaximum().intValue());
    }

    /** A schema's one type: OpenAPI 3.0's type, or 3.1's list of types (WildFly) without null. */
    private static String type(Schema<?> schema) {
        if (schema.getType() != null || schema.getTypes() == null) {
            return schema.getType();
        }
        List<String> types = schema.getTypes().stream().filter(t -> !"null".equals(t)).toList();
        return types.size() == 1 ? types.get(0) : String.valueOf(types);
    }

    private static void checkSecurity(Operation op, String name, List<String> problems) {
        List<Set<String>> schemes = op.getSecurity() == null ? List.of()
                : op.getSecurity().stream().map(r -> r.keySet()).toList();
        List<Set<String>> expected = PUBLIC.contains(op.getOperationId()) ? List.of()
                : SESSION_ONLY.contains(op.getOperationId()) ? List.of(Set.of("bearer"))
                : List.of(Set.of("bearer"), Set.of("apiKey"));
        if (!expected.equals(schemes)) {
            problems.add(name + ": security " + schemes + ", expected " + expected);
        }
    }

    private static void checkResponses(Operation op, PathItem.HttpMethod method, String name, List<String> problems) {
        Map<String, ApiResponse> responses = op.getResponses();
        if (responses.containsKey("default")) {
            problems.add(name + ": a 'default' answer instead of real statuses");
        }
        if (responses.keySet().stream().noneMatch(s -> s.startsWith("2"))) {
            problems.add(name + ": no success answer");
        }
        for (String status : List.of("500", "503")) {
            if (!responses.containsKey(status)) {
                problems.add(name + ": no " + status);
            }
        }
        if (!PUBLIC.contains(op.getOperationId()) && !(responses.containsKey("401") && responses.containsKey("403"))) {
            problems.add(name + ": secured, but no 401 and 403");
        }
        responses.forEach((status, response) -> {
            int code = Integer.parseInt(status);
            if (code == 204 && response.getContent() != null && !response.getContent().isEmpty()) {
                problems.add(name + ": 204 with a body");
            }
            if (code >= 400 && (response.getContent() == null
                    || !response.getContent().containsKey("application/problem+json"))) {
                problems.add(name + ": " + status + " is not problem+json");
            }
            if (code >= 200 && code < 300 && code != 204 && (response.getContent() == null
                    || response.getContent().get("application/json") == null)) {
                problems.add(name + ": " + status + " has no JSON body");
            }
        });
        if (method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PATCH) {
            if (op.getRequestBody() != null && !responses.containsKey("400")) {
                problems.add(name + ": takes a body but has no 400");
            }
        }
    }

    /** Every member of every schema is snake_case, like JSON-B writes and reads them. */
    private static void checkNames(String schemaName, Schema<?> schema, List<String> problems) {
        if (schema.getProperties() == null) {
            return;
        }
        schema.getProperties().keySet().forEach(member -> {
            Matcher m = SNAKE_CASE.matcher(member);
            if (!m.matches() && !schemaName.startsWith("Jwk")) {
                problems.add(schemaName + "." + member + " is not snake_case");
            }
        });
    }

    @Test
    void swaggerUiIsServedFromTheWarUnderAStrictContentSecurityPolicy() {
        Api.Reply page = api.get("/docs/", null).ok(200);
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.text().contains("swagger-ui-bundle.js"), page.text());
        assertTrue(!page.text().contains("<script>") && !page.text().matches("(?s).*<script(?![^>]*src=).*"),
                "no inline script: " + page.text());
        String policy = page.header("Content-Security-Policy");
        assertTrue(policy != null && policy.contains("default-src 'none'") && policy.contains("script-src 'self'")
                && policy.contains("connect-src 'self'") && policy.contains("frame-ancestors 'none'"), policy);
        assertTrue(!policy.contains("unsafe"), "no unsafe-inline or unsafe-eval: " + policy);
        assertEquals("nosniff", page.header("X-Content-Type-Options"));
        // Every file the page loads is served by the WAR itself (no CDN).
        Matcher src = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(page.text());
        int loaded = 0;
        while (src.find()) {
            String file = src.group(1);
            assertTrue(!file.contains("//"), "loads from elsewhere: " + file);
            Api.Reply asset = api.get("/docs/" + file, null).ok(200);
            assertTrue(asset.text().length() > 100 || file.endsWith(".png"), file);
            loaded++;
        }
        assertTrue(loaded >= 3, "the page loads Swagger UI's script, its style and Warden's start-up script");
        String start = api.get("/docs/warden-docs.js", null).ok(200).text();
        assertTrue(start.contains("url: '/openapi'"), "points Swagger UI at the served document: " + start);
        Api.Reply redirect = api.send("GET", "/docs", null, null, Map.of());
        assertTrue(redirect.status() == 301 || redirect.status() == 302, "/docs redirects: " + redirect.status());
        assertTrue(redirect.header("Location").endsWith("/docs/"), redirect.header("Location"));
    }
}
