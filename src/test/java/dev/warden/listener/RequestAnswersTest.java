package dev.warden.listener;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestAnswersTest {

    @Test
    void everyPercentInThePathNeedsTwoHexDigits() {
        for (String uri : new String[]{"/api/v1/users", "/api/%41b", "/a%2Fb", "/x?q=%zz", "/x?q=%", "/%e2%82%ac"}) {
            assertTrue(RequestAnswers.validEscapes(uri), uri);
        }
        for (String uri : new String[]{"/api/%zz", "/api/%", "/api/%4", "/api/%4?x=1", "/%g0/x", "/a%2"}) {
            assertFalse(RequestAnswers.validEscapes(uri), uri);
        }
    }

    @Test
    void dotSegmentsAreFoundLiterallyOrEncoded() {
        for (String uri : new String[]{"/api/v1/users/me/sessions/..", "/api/./v1", "/..", "/.", "/a/%2e%2E/b", "/a/.%2e",
                "/a/%2e", "/a/../b?x=1"}) {
            assertTrue(RequestAnswers.hasDotSegment(uri), uri);
        }
        for (String uri : new String[]{"/", "/api/v1/users", "/a/...", "/a/..b", "/a/b..", "/.well-known/jwks.json",
                "/a/%2e%2e%2e", "/x?path=/../..", "/api/v1/users/..%2F..%2Fetc"}) {
            assertFalse(RequestAnswers.hasDotSegment(uri), uri);
        }
    }
}
