package dev.warden.reports.boundary;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A new report. */
public record ReportRequest(
        @NotBlank @Size(max = 100) String name,
        @Size(max = 1000) String description,
        @Valid ReportFilters filters) {
}
