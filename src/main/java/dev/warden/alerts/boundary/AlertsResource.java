package dev.warden.alerts.boundary;

import dev.warden.alerts.control.Alerts;
import dev.warden.alerts.entity.AlertStatus;
import dev.warden.alerts.entity.AlertType;
import dev.warden.alerts.entity.Severity;
import dev.warden.platform.boundary.Params;
import dev.warden.platform.control.Page;
import dev.warden.platform.control.PageRequest;
import dev.warden.platform.problem.WardenException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Optional;
import java.util.function.Function;

/** Alerts: alerts:read for every role, alerts:update for analysts and admins. */
@ApplicationScoped
@Path("alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts")
public class AlertsResource {

    @Inject
    Alerts alerts;

    @GET
    @RolesAllowed({"admin", "analyst", "viewer"})
    @Operation(operationId = "listAlerts", summary = "List alerts", description = "Newest first.")
    public Page<AlertView> list(
            @QueryParam("page") String page, @QueryParam("size") String size,
            @Parameter(description = "Only alerts in this status", schema = @Schema(implementation = AlertStatus.class))
            @QueryParam("status") String status,
            @Parameter(description = "Only alerts of this severity", schema = @Schema(implementation = Severity.class))
            @QueryParam("severity") String severity,
            @Parameter(description = "Only alerts of this type", schema = @Schema(implementation = AlertType.class))
            @QueryParam("type") String type) {
        Params.Reading reading = new Params.Reading();
        PageRequest request = Params.page(reading, page, size);
        var filter = new Alerts.Filter(
                reading.read(() -> parse("status", status, AlertStatus::parse, "open, acknowledged or resolved")),
                reading.read(() -> parse("severity", severity, Severity::parse, "low, medium or high")),
                reading.read(() -> parse("type", type, AlertType::parse, "an alert type")));
        reading.done();
        var listing = alerts.list(filter, request);
        return request.answer(listing.alerts().stream().map(AlertView::of).toList(), listing.total());
    }

    @GET
    @Path("{alert_id}")
    @RolesAllowed({"admin", "analyst", "viewer"})
    @Operation(operationId = "getAlert", summary = "Get an alert")
    public AlertView get(@PathParam("alert_id") String id) {
        return AlertView.of(alerts.get(Params.id(id, "Alert")));
    }

    @PATCH
    @Path("{alert_id}")
    @RolesAllowed({"admin", "analyst"})
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(operationId = "updateAlert", summary = "Acknowledge, resolve or reopen an alert",
            description = "Only an open alert absorbs repeats of its kind; once acknowledged or resolved, a repeat "
                    + "opens a new alert.")
    @APIResponse(responseCode = "200", description = "The alert as changed")
    @APIResponse(responseCode = "409", description = "conflict: reopening while another alert about the same user "
            + "or address is open")
    public AlertView update(@PathParam("alert_id") String id, @NotNull @Valid UpdateAlertRequest body) {
        return AlertView.of(alerts.changeStatus(Params.id(id, "Alert"), AlertStatus.parse(body.status()).orElseThrow()));
    }

    private static <T> T parse(String name, String value, Function<String, Optional<T>> parser, String expected) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return parser.apply(value.trim()).orElseThrow(() -> WardenException.invalid(name, "must be " + expected));
    }
}
