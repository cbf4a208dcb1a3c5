package dev.warden.docs.boundary;

import dev.warden.docs.control.SchemaTypes;
import dev.warden.docs.control.ProblemSchemas;
import dev.warden.docs.control.WireSchemas;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import java.util.List;
import java.util.Map;

/** The JWKS servlet (auth.boundary.JwksServlet) is no JAX-RS resource, so it is described here. */
final class Jwks {

    private Jwks() {
    }

    static PathItem pathItem() {
        var ok = OASFactory.createAPIResponse()
                .description("The public keys that verify Warden's tokens: the current signing key, and a rotated "
                        + "one until the tokens it signed have expired")
                .content(OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref(WireSchemas.REF_PREFIX + "JwkSet"))))
                .addHeader("Cache-Control", OASFactory.createHeader().description("public, max-age=60")
                        .schema(SchemaTypes.of(SchemaType.STRING)));
        var operation = OASFactory.createOperation().operationId("getJwks").addTag("Authentication")
                .summary("The public signing keys (RFC 7517), for any JOSE library that verifies Warden's tokens")
                .security(List.of())
                .responses(readErrors(OASFactory.createAPIResponses().addAPIResponse("200", ok))
                        .addAPIResponse("503", ProblemSchemas.answer(503, "service_unavailable: Warden is still starting")));
        return OASFactory.createPathItem().GET(operation);
    }

    /**
     * The errors of a servlet's JSON read (ReadOnlyServlet, RequestHygiene): a body or a
     * control character 400, no JSON accepted 406, the URI and header limits, 500.
     */
    static APIResponses readErrors(APIResponses responses) {
        return responses
                .addAPIResponse("400", ProblemSchemas.answer(400, "bad_request: this operation takes no "
                        + "request body, or a header value has a control character"))
                .addAPIResponse("406", ProblemSchemas.answer(406, "The Accept header allows no JSON: "
                        + "not_acceptable"))
                .addAPIResponse("414", ProblemSchemas.answer(414, "The request URI is over 8 KiB: uri_too_long"))
                .addAPIResponse("431", ProblemSchemas.answer(431, "Headers over Warden's limits: "
                        + "headers_too_large"))
                .addAPIResponse("500", ProblemSchemas.answer(500, "internal_error"));
    }

    static Map<String, Schema> schemas() {
        Schema jwk = SchemaTypes.of(SchemaType.OBJECT)
                .description("A public key: RSA (n, e) for RS256, EC P-256 (crv, x, y) for ES256")
                .addProperty("kty", string().enumeration(List.of("RSA", "EC")))
                .addProperty("kid", string())
                .addProperty("use", string().enumeration(List.of("sig")))
                .addProperty("alg", string().enumeration(List.of("RS256", "ES256")))
                .addProperty("n", string())
                .addProperty("e", string())
                .addProperty("crv", string())
                .addProperty("x", string())
                .addProperty("y", string())
                .required(List.of("kty", "kid", "use", "alg"));
        Schema set = SchemaTypes.of(SchemaType.OBJECT).additionalPropertiesBoolean(false)
                .addProperty("keys", SchemaTypes.of(SchemaType.ARRAY)
                        .items(OASFactory.createSchema().ref(WireSchemas.REF_PREFIX + "Jwk")))
                .required(List.of("keys"));
        return Map.of("Jwk", jwk, "JwkSet", set);
    }

    private static Schema string() {
        return SchemaTypes.of(SchemaType.STRING);
    }
}
