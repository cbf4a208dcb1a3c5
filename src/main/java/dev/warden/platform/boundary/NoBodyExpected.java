package dev.warden.platform.boundary;

import dev.warden.platform.problem.ErrorCode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.BeanParam;
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
import jakarta.ws.rs.ext.Provider;

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
        if (entity(resource.getResourceMethod()).isEmpty()) {
            context.register(Refusal.class);
        }
    }

    @Priority(Priorities.USER)
    public static class Refusal implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            if (request.hasEntity()) {
                throw ErrorCode.BAD_REQUEST.exception("This operation takes no request body");
            }
        }
    }
}
