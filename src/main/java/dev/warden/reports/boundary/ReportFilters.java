package dev.warden.reports.boundary;

import dev.warden.audit.entity.EventType;
import dev.warden.audit.entity.Outcome;
import dev.warden.reports.entity.Report;
import jakarta.annotation.Nullable;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.Arrays;
import java.util.List;

/** A report's audit filters (SPEC 5.4); a missing or null member does not filter. */
@JsonbNillable
@JsonbPropertyOrder({"eventTypes", "userId", "outcome", "since", "until"})
@Schema(description = "since is inclusive, until exclusive (ISO-8601 UTC); since must not be after until")
public record ReportFilters(
        @Nullable @Size(max = 50) @Schema(implementation = EventType.class) List<String> eventTypes,
        @Nullable @Schema(format = "uuid", description = "Events where this user acted or was acted on") String userId,
        @Nullable @Schema(implementation = Outcome.class) String outcome,
        @Nullable @Schema(format = "date-time") String since,
        @Nullable @Schema(format = "date-time") String until) {

    static ReportFilters of(Report r) {
        return new ReportFilters(r.eventTypes() == null ? List.of() : Arrays.asList(r.eventTypes().split(",")),
                r.userId() == null ? null : r.userId().toString(), r.outcome(),
                r.since() == null ? null : r.since().toString(), r.until() == null ? null : r.until().toString());
    }
}
