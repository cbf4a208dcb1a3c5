package dev.warden.platform.boundary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an operation that needs the bearer token of a login session: an API key is
 * authenticated but answered 403 session_required ({@link dev.warden.platform.control.Caller#requiredSessionId()},
 * which the method calls). The OpenAPI document lists only bearer security for it; the
 * architecture test checks that the mark and the call go together.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SessionRequired {
}
