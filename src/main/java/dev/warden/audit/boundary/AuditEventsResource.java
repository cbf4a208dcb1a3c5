package dev.warden.audit.boundary;

import dev.warden.audit.control.AuditFilter;
import dev.warden.audit.control.AuditQuery;
import dev.warden.audit.control.FilterValues;
import dev.warden.audit.entity.Outcome;
import dev.warden.platform.boundary.Params;
import dev.warden.platform.control.ClientAddress;
import dev.warden.platform.control.TextRules;
import dev.warden.platform.control.Page;
import dev.warden.platform.control.PageRequest;
import dev.warden.platform.problem.WardenException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail (admin). */
@ApplicationScoped
@Path("audit-events")
@RolesAllowed("admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Audit")
public class AuditEventsResource {

    /** The longest address the trail stores (an IPv6 address with a zone fits). */
    static final int MAX_ADDRESS = 64;

    @Inject
    AuditQuery query;

    @GET
    @Operation(operationId = "listAuditEvents", summary = "List audit events", description = "Newest first. since is "
            + "inclusive, until exclusive. total counts at most 1,000 events: 1,000 means 1,000 or more (an exact "
            + "count would read millions of events for every page); narrow with since/until, or export the CSV.")
    public Page<AuditEventView> list(
            @QueryParam("page") String page, @QueryParam("size") String size,
            @Parameter(description = "One event type, or several separated by commas (login,logout)")
            @QueryParam("type") String type,
            @Parameter(description = "Events where this user acted or was acted on",
                    schema = @Schema(format = "uuid")) @QueryParam("user_id") String userId,
            @Parameter(description = "success or failure", schema = @Schema(implementation = Outcome.class))
            @QueryParam("outcome") String outcome,
            @Parameter(description = "The client address, in any of its text forms (an IPv6 address is stored "
                    + "and matched in its RFC 5952 form: 0:0:0:0:0:0:0:1 finds ::1)",
                    schema = @Schema(maxLength = MAX_ADDRESS))
            @QueryParam("ip_address") String ip,
            @Parameter(description = "At or after this time (ISO-8601 UTC)",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("since") String since,
            @Parameter(description = "Before this time (ISO-8601 UTC)",
                    schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("until") String until) {
        Params.Reading reading = new Params.Reading();
        PageRequest request = Params.page(reading, page, size);
        var types = reading.read(() -> FilterValues.types("type", type));
        var user = reading.read(() -> FilterValues.user("user_id", userId));
        var outcomeValue = reading.read(() -> FilterValues.outcome("outcome", outcome));
        reading.check(() -> {
            if (ip != null && ip.length() > MAX_ADDRESS) {
                throw WardenException.invalid("ip_address", "must be at most " + MAX_ADDRESS + " characters");
            }
            if (ip != null && !ip.matches(TextRules.ONE_LINE)) {
                throw WardenException.invalid("ip_address", TextRules.NO_CONTROLS);
            }
        });
        var sinceValue = reading.read(() -> FilterValues.instant("since", since));
        var untilValue = reading.read(() -> FilterValues.instant("until", until));
        reading.check(() -> FilterValues.checkRange("since", sinceValue, untilValue));
        reading.done();
        // events store addresses in one form (ClientAddress.canonical): 0:0:0:0:0:0:0:1 finds ::1
        AuditFilter filter = new AuditFilter(types, user, outcomeValue,
                ip == null || ip.isBlank() ? null : ClientAddress.canonical(ip.trim()),
                sinceValue, untilValue);
        var listing = query.list(filter, request);
        return request.answer(listing.events().stream().map(AuditEventView::of).toList(), listing.total());
    }
}
