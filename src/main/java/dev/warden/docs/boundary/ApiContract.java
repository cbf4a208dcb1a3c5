package dev.warden.docs.boundary;

import dev.warden.twofactor.boundary.TwoFactorResource;
import dev.warden.users.boundary.ForgotPasswordResource;
import dev.warden.users.boundary.RegisterResource;
import dev.warden.users.boundary.VerifyEmailResource;
import dev.warden.users.boundary.ResetPasswordResource;
import dev.warden.twofactor.boundary.UserTwoFactorResource;

import dev.warden.alerts.boundary.AlertsResource;
import dev.warden.apikeys.boundary.MyApiKeysResource;
import dev.warden.apikeys.boundary.UserApiKeysResource;
import dev.warden.audit.boundary.AuditEventsResource;
import dev.warden.auth.boundary.AuthResource;
import dev.warden.docs.control.ProblemSchemas;
import dev.warden.docs.control.WireSchemas;
import dev.warden.platform.boundary.WardenApplication;
import dev.warden.reports.boundary.ReportsResource;
import dev.warden.sessions.boundary.MySessionsResource;
import dev.warden.sessions.boundary.UserSessionsResource;
import dev.warden.stats.boundary.StatsResource;
import dev.warden.system.boundary.SystemResource;
import dev.warden.users.boundary.ChangePasswordResource;
import dev.warden.users.boundary.UsersResource;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.tags.Tag;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Makes {@code /openapi} the wire (mp.openapi.filter): the paths, parameters, bodies,
 * answers and security are read from the resource classes by {@link OperationReader},
 * the schemas from the records by {@link WireSchemas}, the errors from the catalogue.
 * Payara's scanner contributes the info, the tags and the security schemes; whatever else
 * it generated (camelCase schemas, "default" answers, its "endpoints" key) is replaced, so
 * the document is the same on any MicroProfile OpenAPI implementation.
 */
public class ApiContract implements OASFilter {

    /** Every JAX-RS resource; ArchitectureTest fails when one is missing. */
    public static final List<Class<?>> RESOURCES = List.of(AuthResource.class, UsersResource.class,
            ChangePasswordResource.class, MyApiKeysResource.class, UserApiKeysResource.class,
            MySessionsResource.class, UserSessionsResource.class, SystemResource.class, AuditEventsResource.class,
            AlertsResource.class, ReportsResource.class, StatsResource.class, TwoFactorResource.class,
            UserTwoFactorResource.class, ForgotPasswordResource.class, ResetPasswordResource.class,
            RegisterResource.class, VerifyEmailResource.class);

    static final String BEARER = "bearer";
    static final String API_KEY = "apiKey";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        WireSchemas wire = new WireSchemas();
        OperationReader reader = new OperationReader(wire);
        String root = path("", WardenApplication.class.getAnnotation(ApplicationPath.class).value());
        Map<String, PathItem> items = new TreeMap<>();
        for (Class<?> resource : RESOURCES) {
            String base = path(root, resource.getAnnotation(Path.class).value());
            List<Method> methods = new ArrayList<>(List.of(resource.getDeclaredMethods()));
            methods.sort(Comparator.comparing(Method::getName));
            for (Method method : methods) {
                String verb = verb(method);
                if (verb == null) {
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String path = sub == null ? base : path(base, sub.value());
                items.computeIfAbsent(path, p -> OASFactory.createPathItem())
                        .setOperation(PathItem.HttpMethod.valueOf(verb), reader.describe(resource, method));
            }
        }
        items.put("/.well-known/jwks.json", Jwks.pathItem());
        items.putAll(Health.pathItems());
        Paths paths = OASFactory.createPaths();
        items.forEach(paths::addPathItem);
        openAPI.paths(paths);

        Map<String, Schema> schemas = new TreeMap<>(wire.schemas());
        schemas.putAll(ProblemSchemas.schemas());
        schemas.putAll(Jwks.schemas());
        schemas.putAll(Health.schemas());
        openAPI.getComponents().schemas(schemas);
        openAPI.tags(distinct(openAPI.getTags()));
        openAPI.servers(List.of(OASFactory.createServer().url(contextPath(openAPI))
                .description("This Warden, on the host that serves this document")));
        dropVendorMembers(openAPI);
    }

    /**
     * A relative server URL, so that the document holds behind any proxy or host name: the
     * path of the server Payara computed (the application's context root), or "/".
     */
    private static String contextPath(OpenAPI openAPI) {
        if (openAPI.getServers() != null) {
            for (var server : openAPI.getServers()) {
                try {
                    String path = java.net.URI.create(server.getUrl()).getPath();
                    if (path != null && !path.isEmpty()) {
                        return path;
                    }
                } catch (IllegalArgumentException e) {
                    // not a URL: keep looking
                }
            }
        }
        return "/";
    }

    private static String path(String base, String segment) {
        String trimmed = segment.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? base : base + "/" + trimmed;
    }

    private static String verb(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    /** One entry per tag: Payara repeats a tag for every class that carries it. */
    private static List<Tag> distinct(List<Tag> tags) {
        Map<String, Tag> byName = new LinkedHashMap<>();
        if (tags != null) {
            tags.stream().sorted(Comparator.comparing(t -> t.getDescription() == null ? 1 : 0))
                    .forEach(t -> byName.putIfAbsent(t.getName(), t));
        }
        return new ArrayList<>(byName.values());
    }

    /**
     * Payara 6.2025 adds a top-level "endpoints" member that OpenAPI does not define
     * (renamed x-endpoints in later Payara releases, FISH-12303). It is not part of the
     * model interface, so it is cleared by name, and only where it exists.
     */
    private static void dropVendorMembers(OpenAPI openAPI) {
        try {
            openAPI.getClass().getMethod("setEndpoints", Map.class).invoke(openAPI, new TreeMap<>());
        } catch (NoSuchMethodException e) {
            // another implementation: nothing to drop
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot drop Payara's endpoints member", e);
        }
    }
}
