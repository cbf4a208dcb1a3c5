package dev.warden.listener;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.memory.MemoryManager;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WireAnswersTest {

    private static Buffer bytes(String text) {
        return Buffers.wrap(MemoryManager.DEFAULT_MEMORY_MANAGER, text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String rewritten(String response) {
        byte[] answer = WireAnswers.problemFor(bytes(response));
        return answer == null ? null : new String(answer, StandardCharsets.ISO_8859_1);
    }

    @Test
    void theCodecsBareErrorGetsTheProblemOfItsStatus() {
        String answer = rewritten("HTTP/1.1 400 Bad Request\r\nDate: Mon, 23 Nov 2026 13:25:43 GMT\r\nConnection: close\r\n"
                + "Content-Length: 0\r\nX-Frame-Options: SAMEORIGIN\r\n\r\n");
        String head = answer.substring(0, answer.indexOf("\r\n\r\n") + 4);
        String body = answer.substring(head.length());
        assertTrue(head.startsWith("HTTP/1.1 400 Bad Request\r\n"), head);
        assertTrue(head.contains("\r\nDate: Mon, 23 Nov 2026 13:25:43 GMT\r\n") && head.contains("\r\nX-Frame-Options: SAMEORIGIN\r\n"),
                "the container's other headers stay: " + head);
        assertTrue(head.contains("\r\nContent-Type: application/problem+json\r\n"), head);
        assertTrue(head.contains("\r\nContent-Length: " + body.length() + "\r\n"), head);
        assertTrue(head.contains("\r\nConnection: close\r\n"), head);
        assertFalse(head.contains("Content-Length: 0"), head);
        assertTrue(body.startsWith("{\"type\":\"urn:warden:problem:bad_request\",\"title\":\"Bad Request\",\"status\":400,"), body);
        assertTrue(body.endsWith(",\"code\":\"bad_request\"}"), body);
    }

    @Test
    void anUnknownVersionIsA400AndInvalidUriNamesThePath() {
        String version = rewritten("HTTP/1.1 505 HTTP Version Not Supported\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertTrue(version.startsWith("HTTP/1.1 400 Bad Request\r\n") && version.contains("Only HTTP/1.0 and HTTP/1.1"), version);
        String uri = rewritten("HTTP/1.1 400 Invalid URI\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertTrue(uri.contains("The request path is not one Warden accepts"), uri);
    }

    @Test
    void aKeptAliveBareErrorStaysKeptAlive() {
        String answer = rewritten("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 404 Not Found\r\n") && answer.contains("\"code\":\"not_found\""), answer);
        assertFalse(answer.contains("Connection:"), answer);
    }

    @Test
    void answersWithABodyOfTheirOwnOrNoErrorAreLeftAlone() {
        assertNull(rewritten("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/problem+json\r\nContent-Length: 2\r\n\r\n{}"));
        assertNull(rewritten("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/problem+json\r\nContent-Length: 142\r\n\r\n"),
                "the application's headers written before its body");
        assertNull(rewritten("HTTP/1.1 403 Forbidden\r\nTransfer-Encoding: chunked\r\n\r\n"));
        assertNull(rewritten("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"));
        assertNull(rewritten("HTTP/1.1 204 No Content\r\n\r\n"));
        assertNull(rewritten("{\"keys\":[]}"));
        assertNull(rewritten("HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\nabcde"), "a body in the same buffer");
        assertNull(rewritten("HTTP/1.1 4"));
    }

    @Test
    void onlyBytesThatCanStartARequestLinePass() {
        for (String start : new String[]{"GET / HTTP/1.1\r\n", "\r\nPOST /api HTTP/1.1", "GE", "PRI * HTTP/2.0\r\n",
                "M-SEARCH * HTTP/1.1", ""}) {
            assertTrue(WireAnswers.couldBeRequestLine(bytes(start)), start);
        }
        for (String start : new String[]{"\u0016\u0003\u0001\u0000", "GARBAGE\r\n\r\n", " / HTTP/1.1", "{\"a\":1}",
                "A".repeat(40), "GET\u0000 /"}) {
            assertFalse(WireAnswers.couldBeRequestLine(bytes(start)), start);
        }
    }

    @Test
    void problemsUseOnlyCataloguedCodesAndTheApplicationsShape() {
        for (int status : new int[]{400, 404, 405, 408, 413, 414, 431, 500, 501, 503, 505}) {
            Problem problem = Problem.forStatus(status, "");
            assertTrue(problem.status() < 500 || problem.status() == 503 || problem.status() == 500, "no 5xx but 503 for a client: " + status);
            dev.warden.platform.problem.ErrorCode code = dev.warden.platform.problem.ErrorCode.valueOf(problem.code().toUpperCase());
            assertEquals(code.status(), problem.status(), problem.toString());
            assertEquals(dev.warden.platform.problem.Problems.title(problem.status()), problem.title(), problem.toString());
            String body = new String(problem.body(), StandardCharsets.US_ASCII);
            assertEquals(dev.warden.platform.problem.Problems.body(problem.status(), problem.code(), problem.detail(), null, null)
                    .toString(), body, "the same document the application writes");
        }
    }
}
