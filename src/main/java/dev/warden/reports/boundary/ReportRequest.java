package dev.warden.reports.boundary;

import dev.warden.platform.control.TextRules;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new report. */
public record ReportRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = TextRules.ONE_LINE, message = TextRules.NO_CONTROLS) String name,
        @Size(max = 1000) String description,
        @Valid ReportFilters filters) {
}
