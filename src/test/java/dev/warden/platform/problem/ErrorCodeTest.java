package dev.warden.platform.problem;

import dev.warden.platform.boundary.WardenApplication;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The catalogue is the one source of codes and statuses. */
class ErrorCodeTest {

    @Test
    void codesAreTheSnakeCaseNamesAndCarryTheirStatus() {
        assertEquals("account_locked", ErrorCode.ACCOUNT_LOCKED.code());
        WardenException locked = ErrorCode.ACCOUNT_LOCKED.exception();
        assertEquals(403, locked.status());
        assertEquals("account_locked", locked.code());
        assertEquals(ErrorCode.ACCOUNT_LOCKED.detail(), locked.getMessage());
        assertEquals("x", ErrorCode.NOT_FOUND.exception("x").getMessage());
    }

    @Test
    void bareStatusesMapToTheirCode() {
        assertEquals(ErrorCode.UNAUTHORIZED, ErrorCode.forStatus(401));
        assertEquals(ErrorCode.METHOD_NOT_ALLOWED, ErrorCode.forStatus(405));
        assertEquals(ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.forStatus(415));
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, ErrorCode.forStatus(503));
        assertEquals(ErrorCode.INTERNAL_ERROR, ErrorCode.forStatus(502));
        assertEquals(ErrorCode.BAD_REQUEST, ErrorCode.forStatus(400));
    }

    @Test
    void theOpenApiDescriptionListsEveryCode() {
        String description = WardenApplication.class.getAnnotation(OpenAPIDefinition.class).info().description();
        Arrays.stream(ErrorCode.values()).forEach(code ->
                assertTrue(description.contains(code.code()), code.code() + " missing from the OpenAPI description"));
    }
}
