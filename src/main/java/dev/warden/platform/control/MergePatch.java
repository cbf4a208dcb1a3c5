package dev.warden.platform.control;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A request record read as a JSON merge patch (RFC 7396): a member left out keeps its
 * value, a member sent changes it, and a member sent as {@code null} removes it. Only a
 * {@link Removable} member can be removed; {@code null} for any other is a 400 naming it
 * (platform.boundary.StrictJsonBodies), where it used to be taken silently as "no change". A removable
 * member's {@code null} reaches the resource as its empty value ({@code ""} for a string,
 * {@code {}} for an object), which the resource stores as "none". The OpenAPI schema marks
 * only removable members nullable.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface MergePatch {

    /** A member that {@code null} removes (a description, a set of filters). */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
    @interface Removable {
    }
}
