package dev.warden.auth.boundary;

import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.WardenException;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Set;

/**
 * Enforces {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on the resources,
 * after {@link CredentialFilter} has accepted the request's credentials: no caller is 401,
 * a caller in none of the roles 403. A method's annotation overrides its class's
 * (JSR 250). A bearer token's roles are its {@code groups}, as MicroProfile JWT maps them,
 * read once when the token was first verified ({@link CredentialFilter} hands them over);
 * any other caller's (API keys) are the container's answer to
 * {@link SecurityContext#isUserInRole}, which is the same mapping through JACC at ~2 % of
 * a request.
 * <p>
 * Payara's MicroProfile JWT brings a filter for the same annotations; WEB-INF/glassfish-web.xml
 * turns it off ({@code jaxrs-roles-allowed-enabled}). Per request it asked Jakarta Security's
 * {@code SecurityContext.getCallerPrincipal()}, which Soteria answers with a new
 * {@code SubjectParser} and a {@code Class.forName} each time (~4 % of a bearer GET's CPU),
 * and on {@code @PermitAll} endpoints (login, refresh) it ran the whole authentication
 * mechanism a second time (~1.5 % of a refresh). The request was authenticated once
 * already, before it reached JAX-RS; the servlet's principal is that caller. On servers
 * whose JAX-RS does not enforce these annotations (RESTEasy by default) this is what does.
 */
@Provider
public class RoleCheck implements DynamicFeature {

    /** Request property: the verified bearer token's groups ({@code Set<String>}). */
    static final String TOKEN_GROUPS = RoleCheck.class.getName() + ".groups";

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        ContainerRequestFilter rule = rule(resource.getResourceMethod(), resource.getResourceClass());
        if (rule != null) {
            context.register(rule, Priorities.AUTHORIZATION);
        }
    }

    /** The rule of a resource method, or none when anyone may call it. */
    static ContainerRequestFilter rule(Method method, Class<?> type) {
        ContainerRequestFilter own = ruleOf(method);
        if (own != null || method.isAnnotationPresent(PermitAll.class)) {
            return own;
        }
        return ruleOf(type);
    }

    /** The roles a resource method allows, for a method that names some (not for {@code @PermitAll} or {@code @DenyAll}). */
    static List<String> rolesOf(Class<?> type, String method) {
        try {
            if (rule(type.getMethod(method), type) instanceof Roles roles) {
                return roles.allowed();
            }
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(type.getName() + "." + method, e);
        }
        throw new IllegalArgumentException(type.getName() + "." + method + " names no roles");
    }

    private static ContainerRequestFilter ruleOf(AnnotatedElement element) {
        if (element.isAnnotationPresent(DenyAll.class)) {
            return request -> {
                throw ErrorCode.FORBIDDEN.exception();
            };
        }
        if (element.isAnnotationPresent(PermitAll.class)) {
            return null;
        }
        RolesAllowed roles = element.getAnnotation(RolesAllowed.class);
        return roles == null ? null : new Roles(List.of(roles.value()));
    }

    /** Some caller, in at least one of the roles. */
    record Roles(List<String> allowed) implements ContainerRequestFilter {

        @Override
        public void filter(ContainerRequestContext request) {
            SecurityContext security = request.getSecurityContext();
            if (security.getUserPrincipal() == null) {
                throw WardenException.unauthorized(ErrorCode.UNAUTHORIZED.detail());
            }
            Object groups = request.getProperty(TOKEN_GROUPS);
            for (String role : allowed) {
                if (groups instanceof Set<?> tokenGroups ? tokenGroups.contains(role) : security.isUserInRole(role)) {
                    return;
                }
            }
            throw ErrorCode.FORBIDDEN.exception();
        }
    }
}
