package dev.warden.reports.boundary;

import dev.warden.reports.entity.Report;
import jakarta.annotation.Nullable;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.time.Instant;
import java.util.UUID;

/** A saved report as the API shows it (SPEC 5.4). */
@JsonbNillable
@JsonbPropertyOrder({"id", "name", "description", "filters", "createdBy", "createdAt", "updatedAt"})
public record ReportView(UUID id, String name, @Nullable String description, ReportFilters filters,
                         @Nullable UUID createdBy, Instant createdAt, Instant updatedAt) {

    static ReportView of(Report r) {
        return new ReportView(r.id(), r.name(), r.description(), ReportFilters.of(r), r.createdBy(), r.createdAt(),
                r.updatedAt());
    }
}
