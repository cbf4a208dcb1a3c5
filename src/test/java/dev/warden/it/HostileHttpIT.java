package dev.warden.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Issue 15, point 1: requests no client library would send, written byte by byte on a
 * socket, get Warden's problem+json with a stable code, not the container's HTML, an
 * empty body or a 5xx. The container's listener runs with server-config/payara/
 * http-listener.asadmin and Warden's listener filters (src/listener), as the run command
 * starts it.
 */
class HostileHttpIT extends WardenIT {

    /** What came back on the socket: status, headers (lower-case names), body. */
    record Answer(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }

        /** A problem+json with this status and code, and nothing of the server's insides. */
        Answer problem(int expectedStatus, String expectedCode) {
            assertEquals(expectedStatus, status, body);
            assertTrue(header("content-type") != null && header("content-type").startsWith("application/problem+json"),
                    () -> "content type " + header("content-type") + ": " + body);
            JsonObject json = Json.createReader(new StringReader(body)).readObject();
            assertEquals(expectedCode, json.getString("code"), body);
            assertEquals(expectedStatus, json.getInt("status"), body);
            for (String leak : List.of("Exception", "java.", "jakarta.", "org.glassfish", "dev.warden", "<html", "Payara")) {
                assertFalse(body.contains(leak), () -> "leaks " + leak + ": " + body);
            }
            assertNull(header("server"), "no product name and version in the answer");
            assertNull(header("x-powered-by"));
            return this;
        }

        Answer closes() {
            assertEquals("close", header("connection"), "a refused request closes its connection");
            return this;
        }
    }

    /** The deployment's context path ("" or "/warden"), before every target. */
    private String context() throws IOException {
        String path = new URL(api.base()).getPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private Answer send(byte[] request) throws IOException {
        URL url = new URL(api.base());
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException closedEarly) {
                // refused before it was all sent; the answer is still there to read
            }
            return parse(readAnswer(socket.getInputStream()));
        }
    }

    /**
     * One answer, to the end its framing gives (Content-Length or the last chunk), or to the
     * end of the stream.
     */
    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            int n;
            try {
                n = in.read(buffer);
            } catch (java.net.SocketTimeoutException quiet) {
                if (seen.size() == 0) {
                    throw quiet;
                }
                break;
            }
            if (n < 0) {
                break;
            }
            seen.write(buffer, 0, n);
            String text = seen.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                continue;
            }
            String head = text.substring(0, end).toLowerCase(Locale.ROOT);
            java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(head);
            if (length.find() && text.length() - end - 4 >= Integer.parseInt(length.group(1))) {
                break;
            }
            if (head.contains("transfer-encoding: chunked") && text.endsWith("\r\n0\r\n\r\n")) {
                break;
            }
        }
        return seen.toByteArray();
    }

    private Answer send(String method, String target, List<String> headerLines, byte[] body) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        StringBuilder head = new StringBuilder(method + " " + context() + target + " HTTP/1.1\r\nHost: localhost\r\n");
        headerLines.forEach(line -> head.append(line).append("\r\n"));
        if (body != null) {
            head.append("Content-Length: ").append(body.length).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) {
            request.writeBytes(body);
        }
        return send(request.toByteArray());
    }

    private Answer send(String method, String target, String... headerLines) throws IOException {
        return send(method, target, List.of(headerLines), null);
    }

    private Answer json(String target, String body, String... headerLines) throws IOException {
        List<String> lines = new ArrayList<>(List.of("Content-Type: application/json"));
        lines.addAll(List.of(headerLines));
        return send("POST", target, lines, body.getBytes(StandardCharsets.UTF_8));
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        assertTrue(end > 0, () -> "an HTTP answer, not " + (raw.length == 0 ? "nothing" : text));
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(String.valueOf(headers.getOrDefault("transfer-encoding", List.of("")).get(0)))) {
            body = dechunk(body);
        }
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int eol = indexOf(chunked, at);
            int size = Integer.parseInt(new String(chunked, at, eol - at, StandardCharsets.US_ASCII).trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, eol + 2, size);
            at = eol + 2 + size + 2;
        }
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length - 1; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("a chunk without its line end");
    }

    @Test
    void methodsNobodyServesAre405OnEveryPathNeverTheContainersHtml501() throws IOException {
        for (String path : List.of("/", "/api/v1/auth/me", "/docs/", "/.well-known/jwks.json", "/.well-known/jwks.json")) {
            for (String method : List.of("PROPFIND", "TRACE", "CONNECT", "FOO", "MKCOL")) {
                if (method.equals("TRACE") && WardenServer.onWildFly()) {
                    // WildFly's listener refuses TRACE itself (disallowed-methods): an empty 405
                    assertEquals(405, send(method, path).status());
                    continue;
                }
                Answer answer = send(method, path).problem(405, "method_not_allowed").closes();
                assertTrue(answer.header("allow").contains("GET"), answer.headers().toString());
            }
        }
        // TRACE is refused before anything could echo the request back
        Answer trace = send("TRACE", "/api/v1/auth/me", "X-Secret-Header: do-not-echo");
        if (WardenServer.onWildFly()) {
            assertEquals(405, trace.status());
        } else {
            trace.problem(405, "method_not_allowed");
        }
        assertFalse(trace.body().contains("do-not-echo"));
    }

    @Test
    void aKnownMethodOnAStaticOrUnknownPathIsAProblemToo() throws IOException {
        assumeFalse(WardenServer.onWildFly(), "on WildFly a request to a protected path is authenticated before it is "
                + "routed: an unknown path under /api/v1 is 401 there, not 404");
        // the container's default servlet knows no PATCH: it used to answer 501 with its HTML page
        send("PATCH", "/docs/", List.of("Content-Type: application/json"), "{}".getBytes()).problem(405, "method_not_allowed");
        send("PATCH", "/api/v1/users/..%2F..%2Fetc", List.of("Content-Type: application/json"), "{}".getBytes())
                .problem(404, "not_found");
        send("PATCH", "/nothing-here", List.of("Content-Type: application/json"), "{}".getBytes()).problem(404, "not_found");
        send("PUT", "/index.html", List.of("Content-Type: application/json"), "{}".getBytes()).problem(405, "method_not_allowed");
        send("GET", "/api/v1/%2e%2e/%2e%2e/etc/passwd").problem(400, "bad_request");
    }

    @Test
    void aBodyOnAnOperationThatTakesNoneIsRefusedByWardenNotTheContainer() throws IOException {
        String token = api.adminToken();
        Api.TestUser user = api.createUser("viewer");
        Answer answer = send("DELETE", "/api/v1/users/" + user.id(),
                List.of("Authorization: Bearer " + token, "Content-Type: application/json"), "{}".getBytes());
        answer.problem(400, "bad_request");
        assertTrue(answer.body().contains("no request body"), answer.body());
        assertEquals("1", String.valueOf(WardenServer.queryValue("select count(*) from users where id = ?::uuid", user.id())),
                "the refused DELETE deleted nothing");
        send("GET", "/api/v1/auth/me", List.of("Authorization: Bearer " + token, "Content-Type: application/json"),
                "{\"x\":1}".getBytes()).problem(400, "bad_request");
    }

    @Test
    void overlongUrisAndHeadersAreRefusedWithTheirOwnStatus() throws IOException {
        send("GET", "/api/v1/users/" + "a".repeat(9000)).problem(414, "uri_too_long").closes();
        send("GET", "/.well-known/jwks.json?q=" + "a".repeat(9000)).problem(414, "uri_too_long");
        send("GET", "/.well-known/jwks.json", "X-Filler: " + "a".repeat(9000)).problem(431, "headers_too_large").closes();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add("X-Many-" + i + ": v");
        }
        send("GET", "/.well-known/jwks.json", many, null).problem(431, "headers_too_large");
        List<String> wide = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            wide.add("X-Wide-" + i + ": " + "b".repeat(6000));
        }
        send("GET", "/.well-known/jwks.json", wide, null).problem(431, "headers_too_large");
        // a 20 KB bearer token is no token: 401, like any other that does not verify
        send("GET", "/api/v1/auth/me", "Authorization: Bearer " + "a".repeat(20_000)).problem(401, "unauthorized");
        // the limits leave room for every real request
        assertEquals(200, send("GET", "/.well-known/jwks.json", "X-Filler: " + "a".repeat(8000)).status());
    }

    @Test
    void controlCharactersAndNonAsciiInHeadersAreAnsweredByWarden() throws IOException {
        // a bare CR: Undertow (WildFly) reads it as a space, as RFC 9112 2.2 allows; Grizzly refuses it
        for (String value : WardenServer.onWildFly() ? List.of("a\u0001b", "a\u0000b", "a\u007fb")
                : List.of("a\u0001b", "a\rb", "a\u0000b", "a\u007fb")) {
            send("GET", "/.well-known/jwks.json", "X-Anything: " + value).problem(400, "bad_request").closes();
        }
        // an API key with bytes beyond ASCII (sent as UTF-8) is simply a wrong key
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("GET " + context() + "/api/v1/auth/me HTTP/1.1\r\nHost: localhost\r\nX-API-Key: ").getBytes(StandardCharsets.US_ASCII));
        request.writeBytes("wk_\u00e9\u00e9\u4e2d".getBytes(StandardCharsets.UTF_8));
        request.writeBytes("\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        send(request.toByteArray()).problem(401, "unauthorized");
        // and beyond ASCII in a header Warden does not read is no reason to refuse
        ByteArrayOutputStream agent = new ByteArrayOutputStream();
        agent.writeBytes(("GET " + context() + "/.well-known/jwks.json HTTP/1.1\r\nHost: localhost\r\nUser-Agent: ").getBytes(StandardCharsets.US_ASCII));
        agent.writeBytes("Bücherwurm/1.0".getBytes(StandardCharsets.UTF_8));
        agent.writeBytes("\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(200, send(agent.toByteArray()).status());
    }

    /** A client that names no User-Agent is no less a client: it logs in and refreshes. */
    @Test
    void aClientWithoutAUserAgentLogsInAndRefreshes() throws IOException {
        Api.TestUser user = api.createUser("viewer");
        Answer login = json("/api/v1/auth/login", Json.createObjectBuilder().add("username", user.username())
                .add("password", user.password()).build().toString());
        assertEquals(200, login.status(), login.body());
        String refreshToken = Json.createReader(new StringReader(login.body())).readObject().getString("refresh_token");
        Answer refreshed = json("/api/v1/auth/refresh", Json.createObjectBuilder().add("refresh_token", refreshToken)
                .build().toString());
        assertEquals(200, refreshed.status(), refreshed.body());
        assertEquals(1L, WardenServer.queryValue("""
                select count(*) from sessions s join users u on u.id = s.user_id
                where u.username = ? and s.user_agent is null and s.last_used_at > s.created_at""", user.username()));
    }

    @Test
    void credentialAndFramingHeadersNamedTwiceAreRefused() throws IOException {
        String key = api.createKey(api.adminToken(), "twice").getString("api_key");
        // the valid one first: whichever one a layer reads, the request does not pass
        send("GET", "/api/v1/auth/me", "X-API-Key: " + key, "X-API-Key: wk_other").problem(400, "bad_request").closes();
        send("GET", "/api/v1/auth/me", "Authorization: Bearer x", "Authorization: Bearer y").problem(401, "unauthorized");
        json("/api/v1/auth/login", "{\"username\":\"a\",\"password\":\"b\"}", "Content-Type: text/plain")
                .problem(400, "bad_request");
    }

    @Test
    void hostileJsonBodiesAreMalformedJsonNeverA500() throws IOException {
        String login = "/api/v1/auth/login";
        json(login, "[".repeat(5000) + "]".repeat(5000)).problem(400, "malformed_json");
        json(login, "{\"username\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3000) + "}").problem(400, "malformed_json");
        // which of two equal names counts differs between parsers: neither does
        Answer twice = json(login, "{\"username\":\"nobody\",\"username\":\"" + WardenServer.ADMIN_USERNAME
                + "\",\"password\":\"x\"}");
        twice.problem(400, "malformed_json");
        assertTrue(twice.body().contains("twice"), twice.body());
        json(login, "\uFEFF{\"username\":\"a\",\"password\":\"b\"}").problem(400, "malformed_json");
        send("POST", login, List.of("Content-Type: application/json; charset=UTF-16"),
                "{\"username\":\"a\",\"password\":\"b\"}".getBytes(StandardCharsets.UTF_16)).problem(400, "malformed_json");
        send("POST", login, List.of("Content-Type: application/json"), new byte[]{'{', '"', (byte) 0xC3, '"', '}'})
                .problem(400, "malformed_json");
    }

    private Answer raw(String request) throws IOException {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void whatTheHttpCodecRefusesIsAProblemToo() throws IOException {
        assumeFalse(WardenServer.onWildFly(), "Grizzly's codec answers; Undertow's (WildFly) refuses or tolerates these its own way");
        String c = context();
        // each of these used to be an empty 400 (or 505) from Grizzly's codec, before any filter of the WAR
        raw("GET " + c + "/.well-known/jwks.json HTTP/1.1\r\nConnection: close\r\n\r\n").problem(400, "bad_request").closes();
        raw("GET " + c + "/.well-known/jwks.json HTTP/1.1\r\nHost: x\r\nBad Name: y\r\n\r\n").problem(400, "bad_request").closes();
        raw("POST " + c + "/api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}").problem(400, "bad_request").closes();
        raw("POST " + c + "/api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n").problem(400, "bad_request").closes();
        StringBuilder huge = new StringBuilder("GET " + c + "/.well-known/jwks.json HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 70; i++) {
            huge.append("X-A").append(i).append(": ").append("a".repeat(1000)).append("\r\n");
        }
        raw(huge.append("\r\n").toString()).problem(400, "bad_request").closes();
        Answer version = raw("GET " + c + "/.well-known/jwks.json HTTP/3.7\r\nHost: x\r\n\r\n").problem(400, "bad_request").closes();
        assertTrue(version.body().contains("HTTP/1.1"), version.body());
        // no version at all (HTTP/0.9): the container answered it without a Content-Type
        raw("GET " + c + "/api/v1/auth/me\r\n\r\n").problem(400, "bad_request").closes();
        // a body framed two ways (request smuggling) and a length no body has
        raw("POST " + c + "/api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n").problem(400, "bad_request").closes();
        raw("POST " + c + "/api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 99999999999999999999999\r\n\r\n{}").problem(400, "bad_request").closes();
    }

    @Test
    void pathsTheContainerCannotMapAreProblemsToo() throws IOException {
        assumeFalse(WardenServer.onWildFly(), "Undertow (WildFly) maps these to no resource: 404 problem+json, not 400");
        // the Catalina adapter's "Invalid URI" (an empty 400 before) and its empty 200 for a bad escape
        for (String path : List.of("/api/%00/x", "/api/v1/users/%00", "/../../etc/passwd", "/api\\x", "/api/%zz",
                "/api/v1/users/%", "/api/v1/users/%4", "/api/v1/users/me/sessions/..", "/api/v1/users/me/sessions/%2E%2e",
                "/api/v1/./users", "/docs/..", "/api/v1/users/me/.")) {
            Answer answer = send("GET", path).problem(400, "bad_request").closes();
            assertTrue(answer.body().contains("path"), answer.body());
        }
        // a bad escape in the query is the application's to judge, and it does not mind
        assertEquals(200, send("GET", "/.well-known/jwks.json?x=%zz").status());
    }

    @Test
    void bytesThatAreNoHttpRequestGetAnAnswerAndAClosedConnection() throws IOException {
        assumeFalse(WardenServer.onWildFly(), "Undertow (WildFly) closes such a connection with its own answer");
        // a request line without a method, and a TLS handshake on the plain port: the codec
        // used to wait for a request line until the connection timed out
        raw("GARBAGE\r\n\r\n").problem(400, "bad_request").closes();
        send(new byte[]{0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03, 0, 0, 0, 0})
                .problem(400, "bad_request").closes();
        raw("{\"username\":\"admin\"}\r\n\r\n").problem(400, "bad_request").closes();
    }

    @Test
    void optionsStarNamesTheMethodsWardenServes() throws IOException {
        assumeFalse(WardenServer.onWildFly(), "Undertow (WildFly) answers OPTIONS * itself, 200 without Allow");
        Answer answer = raw("OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals(204, answer.status(), answer.toString());
        assertEquals("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS", answer.header("allow"), "not TRACE, which Warden refuses");
        assertEquals("", answer.body());
        // and for the static files: a 404 problem for one that is not there (it was an empty 200)
        send("OPTIONS", "/nothing-here").problem(404, "not_found");
        Answer page = send("OPTIONS", "/index.html");
        assertEquals(204, page.status(), page.toString());
        assertEquals("GET, HEAD, OPTIONS", page.header("allow"));
    }

    @Test
    void anUpgradeRequestIsAnsweredAsTheHttp11RequestItIs() throws IOException {
        assumeFalse(WardenServer.onWildFly(), "Undertow (WildFly) accepts an upgrade to HTTP/2 (h2c): 101");
        // Java's HttpClient asks for h2c on a new connection's first request; Grizzly, with
        // nothing to upgrade to, used to keep the body for the new protocol and the request hung
        String body = "{\"username\":\"nobody-" + System.nanoTime() + "\",\"password\":\"wrong-password-1\"}";
        for (String upgrade : List.of("h2c", "websocket", "foo/2")) {
            Answer answer = send("POST", "/api/v1/auth/login", List.of("Content-Type: application/json",
                    "Connection: Upgrade, HTTP2-Settings", "Upgrade: " + upgrade, "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA"),
                    body.getBytes(StandardCharsets.UTF_8));
            answer.problem(401, "invalid_credentials");
            assertNull(answer.header("upgrade"), "no switch of protocols");
        }
    }

    @Test
    void requestsOnOneConnectionAreAllAnswered() throws IOException {
        // the listener's filters keep HTTP/1.1 keep-alive and pipelining intact
        String c = context();
        String one = "GET " + c + "/.well-known/jwks.json HTTP/1.1\r\nHost: x\r\n\r\n";
        URL url = new URL(api.base());
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((one + one + "GET " + c + "/api/v1/auth/me HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertEquals(2, all.split("HTTP/1.1 200 ", -1).length - 1, all);
            assertTrue(all.contains("HTTP/1.1 401 "), all);
        }
    }
}
