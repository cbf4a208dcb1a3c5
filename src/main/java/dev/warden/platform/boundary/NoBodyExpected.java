package dev.warden.platform.boundary;

import dev.warden.platform.problem.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;

/**
 * An operation that takes no body refuses one (400 {@code bad_request}) instead of
 * ignoring it: the OpenAPI document says it has none, and a client that sends one has
 * misunderstood the operation (an empty body, {@code Content-Length: 0}, is no body).
 * Runs after authentication, so a stranger learns nothing more than 401.
 */
@Provider
public class NoBodyExpected implements DynamicFeature {

    private static final List<Class<? extends Annotation>> NOT_A_BODY = List.of(PathParam.class, QueryParam.class,
            HeaderParam.class, CookieParam.class, MatrixParam.class, FormParam.class, BeanParam.class, Context.class);

    /** The parameter JAX-RS fills from the body, if the method has one. */
    public static Optional<Parameter> entity(Method method) {
        for (Parameter p : method.getParameters()) {
            if (NOT_A_BODY.stream().noneMatch(p::isAnnotationPresent)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        if (entity(method).isEmpty()) {
            context.register(Refusal.class);
        } else if (!method.isAnnotationPresent(Consumes.class)
                && !resource.getResourceClass().isAnnotationPresent(Consumes.class)) {
            context.register(JsonOnly.class);
        }
    }

    /**
     * An optional body (logout's) is JSON or nothing. It has no {@code @Consumes}, since a
     * request without a body (and without {@code Content-Type}) must match it on every
     * server: RESTEasy (WildFly) takes a missing type as {@code application/octet-stream}
     * and would refuse it. Jersey refuses a body of another type itself (415); RESTEasy
     * would pass it on, so this filter refuses it on both.
     */
    @Priority(Priorities.USER)
    public static class JsonOnly implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            MediaType type = request.getMediaType();
            if (type != null && !MediaType.APPLICATION_JSON_TYPE.isCompatible(type)
                    && request.hasEntity() && !Refusal.empty(request.getEntityStream())) {
                throw ErrorCode.UNSUPPORTED_MEDIA_TYPE.exception();
            }
        }
    }

    @Priority(Priorities.USER)
    public static class Refusal implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            if (request.hasEntity() && !empty(request.getEntityStream())) {
                throw ErrorCode.BAD_REQUEST.exception("This operation takes no request body");
            }
        }

        /**
         * Whether the body has no byte. Jersey's {@code hasEntity()} already looks; RESTEasy's
         * (WildFly) is true for any request with a {@code Content-Type}, even with
         * {@code Content-Length: 0}. The stream is only read when a body is refused anyway.
         */
        static boolean empty(InputStream body) {
            try {
                return body == null || body.read() == -1;
            } catch (IOException e) {
                throw ErrorCode.BAD_REQUEST.exception("The request body could not be read");
            }
        }
    }
}
