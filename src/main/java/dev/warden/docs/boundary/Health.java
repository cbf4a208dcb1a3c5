package dev.warden.docs.boundary;

import dev.warden.docs.control.ProblemSchemas;
import dev.warden.docs.control.SchemaTypes;
import dev.warden.docs.control.WireSchemas;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health servlet (platform.boundary.HealthServlet) is no JAX-RS resource, so it is
 * described here; Payara's own {@code /health}, which answers in its place at the server's
 * root, has the same shape.
 */
final class Health {

    private static final String REPORT = "HealthReport";

    private Health() {
    }

    static Map<String, PathItem> pathItems() {
        Map<String, PathItem> items = new LinkedHashMap<>();
        items.put("/health", item("getHealth", "Every health check", null));
        items.put("/health/live", item("getLiveness", "The liveness checks", null));
        items.put("/health/ready", item("getReadiness", "The readiness checks: the database answers and start-up ran",
                "The check `database` is UP once start-up has run and while no database outage is known and "
                        + "the database takes a connection of Warden's own, outside the pool (asked at most every "
                        + "2 s; in between, and while the question is being asked, the last answer stands). A dry "
                        + "pool under load leaves it UP. DOWN carries `data.started: false` before start-up ran, "
                        + "or `data.unavailable_since` (ISO-8601) during an outage."));
        items.put("/health/started", item("getStartup", "The start-up checks", null));
        return items;
    }

    private static PathItem item(String id, String summary, String description) {
        Content report = OASFactory.createContent().addMediaType("application/json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(WireSchemas.REF_PREFIX + REPORT)));
        Content downOrRefused = ProblemSchemas.content().addMediaType("application/json",
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(WireSchemas.REF_PREFIX + REPORT)));
        var operation = OASFactory.createOperation().operationId(id).addTag("System")
                .summary(summary + " (MicroProfile Health)")
                .description(description)
                .security(List.of())
                .responses(Jwks.readErrors(OASFactory.createAPIResponses()
                        .addAPIResponse("200", OASFactory.createAPIResponse().description("Every check is UP")
                                .content(report)))
                        .addAPIResponse("503", ProblemSchemas.answer(503, "A check is DOWN (the report, as JSON), "
                                + "or service_unavailable while Warden starts").content(downOrRefused)));
        return OASFactory.createPathItem().GET(operation);
    }

    static Map<String, Schema> schemas() {
        Schema check = SchemaTypes.of(SchemaType.OBJECT)
                .addProperty("name", SchemaTypes.of(SchemaType.STRING))
                .addProperty("status", status())
                .addProperty("data", SchemaTypes.of(SchemaType.OBJECT).description("What the check adds; the database check: "
                        + "started (false before start-up ran), unavailable_since (ISO-8601, during an outage)"))
                .required(List.of("name", "status"));
        Schema report = SchemaTypes.of(SchemaType.OBJECT)
                .addProperty("status", status())
                .addProperty("checks", SchemaTypes.of(SchemaType.ARRAY).items(check))
                .required(List.of("status", "checks"));
        return Map.of(REPORT, report);
    }

    private static Schema status() {
        return SchemaTypes.of(SchemaType.STRING).enumeration(List.of("UP", "DOWN"));
    }
}
