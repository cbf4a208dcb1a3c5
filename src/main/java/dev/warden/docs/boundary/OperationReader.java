package dev.warden.docs.boundary;

import dev.warden.docs.control.SchemaTypes;
import dev.warden.ratelimit.boundary.RateLimited;
import dev.warden.docs.control.ProblemSchemas;
import dev.warden.docs.control.WireSchemas;
import dev.warden.docs.control.WireSchemas.Direction;
import dev.warden.platform.boundary.NoBodyExpected;
import dev.warden.platform.boundary.Params;
import dev.warden.platform.boundary.SessionRequired;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.models.parameters.Parameter.In;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Describes one JAX-RS resource method as an OpenAPI operation, from the code itself:
 * parameters from {@code @PathParam}/{@code @QueryParam} (with their MicroProfile
 * {@code @Parameter}), the body from the entity parameter, security from
 * {@code @RolesAllowed}/{@code @PermitAll} and {@link SessionRequired}, the answers from
 * the {@code @APIResponse} annotations and the return type, plus the errors every
 * operation of that kind can answer.
 */
final class OperationReader {

    private final WireSchemas wire;

    OperationReader(WireSchemas wire) {
        this.wire = wire;
    }

    org.eclipse.microprofile.openapi.models.Operation describe(Class<?> resource, Method method) {
        Operation about = method.getAnnotation(Operation.class);
        if (about == null || about.operationId().isEmpty()) {
            throw new IllegalStateException(method + " has no @Operation(operationId = ...)");
        }
        var operation = OASFactory.createOperation().operationId(about.operationId()).summary(about.summary());
        Tag tag = resource.getAnnotation(Tag.class);
        if (tag != null) {
            operation.addTag(tag.name());
        }
        boolean hasBody = false;
        boolean hasQuery = false;
        boolean hasPath = false;
        for (java.lang.reflect.Parameter p : method.getParameters()) {
            if (p.isAnnotationPresent(PathParam.class)) {
                hasPath = true;
                operation.addParameter(pathParameter(p.getAnnotation(PathParam.class).value()));
            } else if (p.isAnnotationPresent(QueryParam.class)) {
                hasQuery = true;
                operation.addParameter(queryParameter(p.getAnnotation(QueryParam.class).value(),
                        p.getAnnotation(Parameter.class)));
            }
        }
        var entity = NoBodyExpected.entity(method);
        if (entity.isPresent()) {
            hasBody = true;
            operation.requestBody(body(resource, method, entity.get()));
        }
        List<String> roles = roles(resource, method);
        boolean sessionOnly = method.isAnnotationPresent(SessionRequired.class);
        StringBuilder description = new StringBuilder(about.description());
        if (roles == null) {
            operation.security(List.of());
        } else {
            List<SecurityRequirement> security = new ArrayList<>();
            security.add(OASFactory.createSecurityRequirement().addScheme(ApiContract.BEARER));
            if (!sessionOnly) {
                security.add(OASFactory.createSecurityRequirement().addScheme(ApiContract.API_KEY));
            }
            operation.security(security);
            append(description, "Roles: " + String.join(", ", roles) + ".");
            if (sessionOnly) {
                append(description, "Needs the bearer token of a login session: an API key is answered 403 "
                        + "session_required.");
            }
        }
        if (!description.isEmpty()) {
            operation.description(description.toString());
        }
        operation.responses(responses(method, roles != null, hasBody, hasQuery, hasPath));
        return operation;
    }

    private static void append(StringBuilder text, String sentence) {
        text.append(text.isEmpty() ? "" : " ").append(sentence);
    }

    /** The roles of the operation, or null when anyone may call it. */
    private static List<String> roles(Class<?> resource, Method method) {
        if (method.isAnnotationPresent(PermitAll.class)) {
            return null;
        }
        RolesAllowed allowed = method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class)
                : resource.getAnnotation(RolesAllowed.class);
        if (allowed == null) {
            if (resource.isAnnotationPresent(PermitAll.class)) {
                return null;
            }
            throw new IllegalStateException(method + " says neither @RolesAllowed nor @PermitAll");
        }
        return Arrays.asList(allowed.value());
    }

    private static org.eclipse.microprofile.openapi.models.parameters.Parameter pathParameter(String name) {
        var schema = SchemaTypes.of(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING);
        if (name.endsWith("_id")) {
            schema.format("uuid");
        }
        return OASFactory.createParameter().name(name).in(In.PATH).required(true).schema(schema)
                .description(name.endsWith("_id") ? "An id (UUID); a malformed or unknown one is answered 404 not_found"
                        : null);
    }

    private static org.eclipse.microprofile.openapi.models.parameters.Parameter queryParameter(String name,
                                                                                               Parameter about) {
        var integer = org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.INTEGER;
        var parameter = OASFactory.createParameter().name(name).in(In.QUERY).required(false);
        if ("page".equals(name)) {
            return parameter.description("The page, from 1").schema(SchemaTypes.of(integer)
                    .format("int32").minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(Params.MAX_PAGE))
                    .defaultValue(1));
        }
        if ("size".equals(name)) {
            return parameter.description("Items per page").schema(SchemaTypes.of(integer)
                    .format("int32").minimum(BigDecimal.ONE).maximum(BigDecimal.valueOf(Params.MAX_SIZE))
                    .defaultValue(Params.DEFAULT_SIZE));
        }
        var schema = SchemaTypes.of(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING);
        if (about != null) {
            parameter.description(about.description().isEmpty() ? null : about.description());
            Schema given = about.schema();
            if (given.type() != org.eclipse.microprofile.openapi.annotations.enums.SchemaType.DEFAULT) {
                SchemaTypes.retyped(schema,
                        org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.valueOf(given.type().name()));
            }
            if (given.enumeration().length > 0) {
                schema.enumeration(new ArrayList<>(Arrays.asList((Object[]) given.enumeration())));
            } else if (given.implementation().isEnum()) {
                schema.enumeration(WireSchemas.wireValues(given.implementation()));
            }
            if (!given.format().isEmpty()) {
                schema.format(given.format());
            }
            if (!given.pattern().isEmpty()) {
                schema.pattern(given.pattern());
            }
            if (given.maxLength() != Integer.MAX_VALUE) {
                schema.maxLength(given.maxLength());
            }
        }
        return parameter.schema(schema);
    }

    private org.eclipse.microprofile.openapi.models.parameters.RequestBody body(Class<?> resource, Method method,
                                                                                 java.lang.reflect.Parameter entity) {
        Consumes consumes = method.isAnnotationPresent(Consumes.class) ? method.getAnnotation(Consumes.class)
                : resource.getAnnotation(Consumes.class);
        List<String> types = consumes == null ? List.of(MediaType.APPLICATION_JSON) : Arrays.asList(consumes.value());
        var content = OASFactory.createContent();
        for (String type : types) {
            content.addMediaType(type, OASFactory.createMediaType()
                    .schema(wire.schema(entity.getParameterizedType(), Direction.REQUEST)));
        }
        return OASFactory.createRequestBody().content(content).required(entity.isAnnotationPresent(NotNull.class));
    }

    private APIResponses responses(Method method, boolean secured, boolean hasBody, boolean hasQuery,
                                   boolean hasPath) {
        Map<String, org.eclipse.microprofile.openapi.models.responses.APIResponse> answers = new TreeMap<>();
        for (APIResponse declared : method.getAnnotationsByType(APIResponse.class)) {
            answers.put(declared.responseCode(), declared(method, declared));
        }
        if (answers.keySet().stream().noneMatch(code -> code.startsWith("2"))) {
            Type type = method.getGenericReturnType();
            if (type == void.class || type == Response.class) {
                throw new IllegalStateException(method + " returns a Response: declare its success @APIResponse");
            }
            answers.put("200", OASFactory.createAPIResponse().description("OK").content(json(type)));
        }
        if (hasBody || hasQuery) {
            error(answers, 400, "The request is not valid: " + (hasBody ? "malformed_json (with line and column; "
                    + "also a member named twice, or nesting over 1,000 levels), " : "")
                    + "validation_failed (each field in errors), "
                    + "bad_request (also: a header value with a control character, or Authorization, X-API-Key, "
                    + "Content-Type or Content-Length twice; the connection is then closed)");
        } else {
            error(answers, 400, "bad_request: this operation takes no request body, or a header value has a control "
                    + "character, or Authorization, X-API-Key, Content-Type or Content-Length is there twice (the "
                    + "connection is then closed)");
        }
        if (secured) {
            error(answers, 401, "No valid bearer token or API key: unauthorized (WWW-Authenticate says why)");
            error(answers, 403, "The caller may not do this: forbidden (role), session_required (an API key "
                    + "where a login session is needed, or a legacy key on a per-user operation)");
        }
        if (hasPath) {
            error(answers, 404, "No such resource: not_found");
        }
        error(answers, 406, "The Accept header allows no JSON: not_acceptable");
        error(answers, 414, "The request URI is over 8 KiB: uri_too_long (the connection is closed)");
        error(answers, 431, "More than 100 header fields, one over 8 KiB or over 16 KiB in all: headers_too_large "
                + "(the connection is closed)");
        if (hasBody) {
            error(answers, 413, "The body is over 64 KiB: payload_too_large");
            error(answers, 415, "The body is not JSON: unsupported_media_type");
        }
        if (method.isAnnotationPresent(RateLimited.class)) {
            error(answers, 429, "rate_limited: more than warden.rate-limit.auth-per-minute requests a minute from this "
                    + "address, or for an IPv6 address from its /64 network (warden.client-ipv6-prefix); login, refresh "
                    + "and the other unauthenticated auth endpoints count together, on every instance; Retry-After says "
                    + "when one would pass");
        }
        error(answers, 500, "An unexpected failure: internal_error, with an incident_id for the operator");
        error(answers, 503, "The database is unreachable: service_unavailable, with Retry-After");
        APIResponses responses = OASFactory.createAPIResponses();
        answers.forEach(responses::addAPIResponse);
        return responses;
    }

    private org.eclipse.microprofile.openapi.models.responses.APIResponse declared(Method method, APIResponse declared) {
        int status = Integer.parseInt(declared.responseCode());
        if (status >= 400) {
            return ProblemSchemas.answer(status, declared.description());
        }
        var answer = OASFactory.createAPIResponse().description(declared.description());
        if (declared.content().length > 0 && !declared.content()[0].schema().ref().isEmpty()) {
            answer.content(OASFactory.createContent().addMediaType(MediaType.APPLICATION_JSON,
                    OASFactory.createMediaType().schema(OASFactory.createSchema()
                            .ref(WireSchemas.REF_PREFIX + declared.content()[0].schema().ref()))));
        } else if (declared.content().length > 0 && declared.content()[0].schema().oneOf().length > 0) {
            var oneOf = OASFactory.createSchema();
            for (Class<?> alternative : declared.content()[0].schema().oneOf()) {
                oneOf.addOneOf(wire.schema(alternative, Direction.RESPONSE));
            }
            answer.content(OASFactory.createContent().addMediaType(MediaType.APPLICATION_JSON,
                    OASFactory.createMediaType().schema(oneOf)));
        } else if (declared.content().length > 0 && declared.content()[0].schema().implementation() != Void.class) {
            answer.content(json(declared.content()[0].schema().implementation()));
        } else if (status != 204 && method.getGenericReturnType() != Response.class) {
            answer.content(json(method.getGenericReturnType()));
        }
        if (status < 300 && answer.getContent() != null) {
            otherRepresentations(method, answer.getContent());
        }
        for (Header header : declared.headers()) {
            answer.addHeader(header.name(), OASFactory.createHeader().description(header.description())
                    .schema(SchemaTypes.of(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)));
        }
        return answer;
    }

    /** A CSV alternative (Accept: text/csv) where the method produces one. */
    private static void otherRepresentations(Method method, org.eclipse.microprofile.openapi.models.media.Content content) {
        jakarta.ws.rs.Produces produces = method.getAnnotation(jakarta.ws.rs.Produces.class);
        if (produces != null && Arrays.asList(produces.value()).contains("text/csv")) {
            content.addMediaType("text/csv", OASFactory.createMediaType().schema(SchemaTypes.of(
                    org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)
                    .description("RFC 4180 CSV, UTF-8, with a header row")));
        }
    }

    private org.eclipse.microprofile.openapi.models.media.Content json(Type type) {
        return OASFactory.createContent().addMediaType(MediaType.APPLICATION_JSON,
                OASFactory.createMediaType().schema(wire.schema(type, Direction.RESPONSE)));
    }

    /** A problem+json answer, unless the operation declared its own text for that status. */
    private static void error(Map<String, org.eclipse.microprofile.openapi.models.responses.APIResponse> answers,
                              int status, String description) {
        answers.computeIfAbsent(String.valueOf(status), code -> ProblemSchemas.answer(status, description));
    }
}
