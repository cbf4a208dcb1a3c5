package dev.warden.reports.boundary;

import dev.warden.platform.control.MergePatch;
import dev.warden.platform.control.TextRules;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Changes to a report, as a JSON merge patch: only the members sent change; {@code null}
 * removes the description or every filter (the name cannot be removed); filters, when sent,
 * replace the old ones whole.
 */
@MergePatch
public record UpdateReportRequest(
        @Size(min = 1, max = 100) @Pattern(regexp = TextRules.ONE_LINE_NOT_BLANK,
                message = "must not be blank or contain control characters") String name,
        @MergePatch.Removable @Size(max = 1000) String description,
        @MergePatch.Removable @Valid ReportFilters filters) {
}
