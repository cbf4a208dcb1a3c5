package dev.warden.reports.boundary;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Changes to a report: only the members sent change; filters, when sent, replace the old ones whole. */
public record UpdateReportRequest(
        @Size(min = 1, max = 100) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String name,
        @Size(max = 1000) String description,
        @Valid ReportFilters filters) {
}
