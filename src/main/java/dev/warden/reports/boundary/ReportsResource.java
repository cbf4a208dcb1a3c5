package dev.warden.reports.boundary;

import dev.warden.audit.boundary.AuditEventView;
import dev.warden.audit.control.AuditQuery;
import dev.warden.platform.boundary.Params;
import dev.warden.platform.control.Caller;
import dev.warden.platform.control.Page;
import dev.warden.platform.control.PageRequest;
import dev.warden.reports.control.Reports;
import dev.warden.reports.entity.Report;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

/** Saved audit queries: reports:read for every role, reports:create/update/delete for analysts and admins. */
@ApplicationScoped
@Path("reports")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reports")
public class ReportsResource {

    static final String CSV = "text/csv";

    @Inject
    Reports reports;

    @Inject
    AuditQuery audit;

    @Inject
    Caller caller;

    @POST
    @RolesAllowed({"admin", "analyst"})
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createReport", summary = "Save a report")
    @APIResponse(responseCode = "201", description = "The saved report",
            content = @Content(schema = @Schema(implementation = ReportView.class)),
            headers = @Header(name = "Location", description = "The report's URL"))
    public Response create(@NotNull @Valid ReportRequest body, @Context UriInfo uri) {
        Report report = reports.create(body.name(), body.description(), filters(body.filters()), creator());
        return Response.created(uri.getAbsolutePathBuilder().path(report.id().toString()).build())
                .entity(ReportView.of(report)).build();
    }

    @GET
    @RolesAllowed({"admin", "analyst", "viewer"})
    @Operation(operationId = "listReports", summary = "List saved reports", description = "Newest first.")
    public Page<ReportView> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest request = Params.page(page, size);
        var listing = reports.list(request);
        return request.answer(listing.reports().stream().map(ReportView::of).toList(), listing.total());
    }

    @GET
    @Path("{report_id}")
    @RolesAllowed({"admin", "analyst", "viewer"})
    @Operation(operationId = "getReport", summary = "Get a saved report")
    public ReportView get(@PathParam("report_id") String id) {
        return ReportView.of(reports.get(Params.id(id, "Report")));
    }

    @PATCH
    @Path("{report_id}")
    @RolesAllowed({"admin", "analyst"})
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Operation(operationId = "updateReport", summary = "Change a saved report",
            description = "Only the members sent change (JSON merge patch). null removes the description, or every "
                    + "filter; the name cannot be removed (null is 400). filters, when sent, replace the old filters "
                    + "whole rather than merging member by member (a null filter inside does not filter).")
    public ReportView update(@PathParam("report_id") String id, @NotNull @Valid UpdateReportRequest body) {
        return ReportView.of(reports.update(Params.id(id, "Report"), body.name(), body.description(),
                body.filters() == null ? null : filters(body.filters())));
    }

    @DELETE
    @Path("{report_id}")
    @RolesAllowed({"admin", "analyst"})
    @Operation(operationId = "deleteReport", summary = "Delete a saved report")
    @APIResponse(responseCode = "204", description = "The report is deleted")
    public Response delete(@PathParam("report_id") String id) {
        reports.delete(Params.id(id, "Report"));
        return Response.noContent().build();
    }

    @GET
    @Path("{report_id}/results")
    @RolesAllowed({"admin", "analyst", "viewer"})
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Operation(operationId = "getReportResults", summary = "Run a saved report",
            description = "The matching audit events, newest first: a page of JSON, or with Accept: text/csv every "
                    + "match as a CSV file (RFC 4180, UTF-8, a header row; page and size do not apply), streamed as "
                    + "it is read. Cells a spreadsheet would run as a formula start with an apostrophe.")
    @APIResponse(responseCode = "200", description = "The matching events",
            content = @Content(schema = @Schema(ref = "AuditEventPage")))
    public Response results(@PathParam("report_id") String id, @QueryParam("page") String page,
                            @QueryParam("size") String size, @Context HttpHeaders headers) {
        Report report = reports.get(Params.id(id, "Report"));
        PageRequest request = Params.page(page, size);
        if (wantsCsv(headers)) {
            return Response.ok(new ReportCsv(audit, Reports.filterOf(report)), CSV + "; charset=UTF-8")
                    .header("Content-Disposition", "attachment; filename=\"" + ReportCsv.fileName(report) + "\"")
                    .header("Cache-Control", "no-store")
                    .build();
        }
        var listing = audit.list(Reports.filterOf(report), request);
        Page<AuditEventView> answer = request.answer(listing.events().stream().map(AuditEventView::of).toList(),
                listing.total());
        return Response.ok(answer, MediaType.APPLICATION_JSON).build();
    }

    /** CSV only when the client prefers it to JSON (Accept: text/csv). */
    private static boolean wantsCsv(HttpHeaders headers) {
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.valueOf(CSV)) && !type.isWildcardType()) {
                return true;
            }
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
        }
        return false;
    }

    private UUID creator() {
        return caller.kind().filter(k -> k != Caller.Kind.LEGACY_API_KEY).isPresent() ? caller.userId() : null;
    }

    private static Reports.Filters filters(ReportFilters f) {
        return f == null ? null : new Reports.Filters(f.eventTypes(), f.userId(), f.outcome(), f.since(), f.until());
    }
}
