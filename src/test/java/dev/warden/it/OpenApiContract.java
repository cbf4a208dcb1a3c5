package dev.warden.it;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Holds every exchange of the HTTP tests to the server's own /openapi document, so the
 * contract cannot drift from the wire (Atlassian's swagger-request-validator):
 * <ul>
 * <li>every answer of a documented operation must be documented for its status, with a
 * body that matches its schema (snake_case members, types, formats, required members,
 * nothing undocumented);</li>
 * <li>a request the document calls invalid must be refused with a 4xx; a request that got a
 * 2xx must be valid by the document.</li>
 * </ul>
 * Paths the document does not describe (health, metrics, the document itself, unknown
 * paths) are not checked.
 */
final class OpenApiContract {

    private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private OpenApiContract() {
    }

    /** The served document, as JSON; /openapi is at the server's root, whatever the WAR's context. */
    static String document(String base) {
        URI root = URI.create(base).resolve("/openapi");
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(root)
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                fail("GET /openapi answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static OpenApiInteractionValidator validator(String base) {
        String context = URI.create(base).getPath();
        return VALIDATORS.computeIfAbsent(base, b -> OpenApiInteractionValidator
                .createForInlineApiSpecification(document(b))
                .withBasePathOverride(context == null || context.isEmpty() ? "/" : context).build());
    }

    static void check(String base, String method, String pathAndQuery, String contentType, String body,
                      Map<String, String> headers, Api.Reply reply) {
        Request.Method verb;
        try {
            verb = Request.Method.valueOf(method);
        } catch (IllegalArgumentException e) {
            return;
        }
        String path = pathAndQuery;
        String query = null;
        int q = pathAndQuery.indexOf('?');
        if (q >= 0) {
            path = pathAndQuery.substring(0, q);
            query = pathAndQuery.substring(q + 1);
        }
        String fullPath = URI.create(base).getPath() + path;
        SimpleRequest.Builder request = new SimpleRequest.Builder(verb, URLDecoder.decode(fullPath, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.withContentType(contentType);
        }
        if (body != null) {
            request.withBody(body);
        }
        headers.forEach((name, value) -> {
            // The scheme is case-insensitive (RFC 7235 2.1, tested in AuthIT); the validator compares "Bearer" exactly.
            boolean bearer = name.equalsIgnoreCase("Authorization") && value.regionMatches(true, 0, "Bearer ", 0, 7);
            request.withHeader(name, bearer ? "Bearer " + value.substring(7) : value);
        });
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                request.withQueryParam(name, value);
            }
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(reply.status()).withBody(reply.text());
        reply.headers().forEach((name, values) -> {
            if (name != null && !name.startsWith(":")) {
                response.withHeader(name, values);
            }
        });
        OpenApiInteractionValidator validator = validator(base);
        ValidationReport requestReport;
        try {
            requestReport = validator.validateRequest(request.build());
        } catch (IllegalArgumentException undecodable) {
            // a path parameter with a literal '%' (FuzzIT): the validator decodes it a second
            // time and gives up; the caller's own rules still hold the answer
            return;
        }
        if (requestReport.getMessages().stream().anyMatch(m -> m.getKey().equals("validation.request.path.missing")
                || m.getKey().equals("validation.request.operation.notAllowed"))) {
            return;
        }
        ValidationReport responseReport = validator.validateResponse(fullPath, verb, response.build());
        String exchange = method + " " + pathAndQuery + " -> " + reply.status() + " " + reply.text();
        if (responseReport.hasErrors()) {
            fail("The answer breaks the OpenAPI document: " + describe(responseReport) + "\n  " + exchange);
        }
        // 503: the database was down, which a test may cause whatever the request.
        if (requestReport.hasErrors() && reply.status() < 400) {
            fail("A request the OpenAPI document calls invalid was not refused with a 4xx: "
                    + describe(requestReport) + "\n  " + exchange);
        }
        if (requestReport.hasErrors() && reply.status() >= 500 && reply.status() != 503) {
            fail("A request the OpenAPI document calls invalid was answered " + reply.status() + ", not a 4xx: "
                    + describe(requestReport) + "\n  " + exchange);
        }
    }

    private static String describe(ValidationReport report) {
        List<String> lines = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> m.getKey() + ": " + m.getMessage()).toList();
        return lines.stream().collect(Collectors.joining("; "));
    }
}
