package dev.warden.docs.control;

import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.Problems;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.media.Schema;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The problem+json answer (RFC 9457) as platform.problem.Problems writes it, with the
 * catalogue of codes from {@link ErrorCode} and the extension members some codes carry.
 */
public final class ProblemSchemas {

    public static final String PROBLEM = "Problem";
    public static final String FIELD_ERROR = "FieldError";

    private ProblemSchemas() {
    }

    public static Map<String, Schema> schemas() {
        Schema fieldError = SchemaTypes.of(Schema.SchemaType.OBJECT).additionalPropertiesBoolean(false)
                .description("One failed rule of a request member or parameter")
                .addProperty("field", string("The member's path (e.g. users[2].email) or the parameter's name"))
                .addProperty("message", string("What was expected"))
                .required(List.of("field", "message"));
        Schema problem = SchemaTypes.of(Schema.SchemaType.OBJECT).additionalPropertiesBoolean(false)
                .description("An error (RFC 9457). `code` is stable and names the error; `type` is urn:warden:problem:<code>")
                .addProperty("type", string("urn:warden:problem:<code>").format("uri"))
                .addProperty("title", string("The HTTP status's reason phrase"))
                .addProperty("status", SchemaTypes.of(Schema.SchemaType.INTEGER).format("int32")
                        .minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599)))
                .addProperty("detail", string("What went wrong, for a human"))
                .addProperty("code", string("The error, one of the catalogue").enumeration(
                        Arrays.stream(ErrorCode.values()).map(c -> (Object) c.code()).toList()))
                .addProperty("errors", SchemaTypes.of(Schema.SchemaType.ARRAY)
                        .description("validation_failed: each failed member or parameter")
                        .items(OASFactory.createSchema().ref(WireSchemas.REF_PREFIX + FIELD_ERROR)))
                .addProperty("locked_until", SchemaTypes.nullable(string(
                        "account_locked: when the lock ends; null until an admin unlocks").format("date-time")))
                .addProperty("incident_id", string("internal_error: quote it to the operator; the server log has the "
                        + "details under it"))
                .addProperty("max_per_user", SchemaTypes.of(Schema.SchemaType.INTEGER).format("int32")
                        .description("api_key_limit_reached: the limit"))
                .required(List.of("type", "title", "status", "detail", "code"));
        return Map.of(PROBLEM, problem, FIELD_ERROR, fieldError);
    }

    /** The body of every error answer. */
    public static Content content() {
        return OASFactory.createContent().addMediaType(Problems.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(WireSchemas.REF_PREFIX + PROBLEM)));
    }

    /** An error answer: problem+json, with the headers its status carries (WWW-Authenticate, Retry-After). */
    public static APIResponse answer(int status, String description) {
        APIResponse answer = OASFactory.createAPIResponse().description(description).content(content());
        if (status == 401) {
            answer.addHeader("WWW-Authenticate", OASFactory.createHeader().schema(string(null)).description(
                    "Bearer realm=\"warden\", with error=\"invalid_token\" when a token was refused (RFC 6750)"));
        }
        if (status == 503 || status == 429) {
            answer.addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait before retrying")
                    .schema(SchemaTypes.of(Schema.SchemaType.INTEGER)));
        }
        return answer;
    }

    /** The codes answered with this status, for a response's description. */
    public static String codes(int status) {
        return String.join(", ", Arrays.stream(ErrorCode.values()).filter(c -> c.status() == status)
                .map(ErrorCode::code).toList());
    }

    private static Schema string(String description) {
        return SchemaTypes.of(Schema.SchemaType.STRING).description(description);
    }
}
