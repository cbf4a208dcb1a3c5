package dev.warden.reports.boundary;

import dev.warden.audit.control.AuditFilter;
import dev.warden.audit.control.AuditQuery;
import dev.warden.audit.entity.AuditEvent;
import dev.warden.reports.control.Csv;
import dev.warden.reports.entity.Report;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A report's events as CSV, written row by row while they are read (AuditQuery.each): memory stays flat. */
final class ReportCsv implements StreamingOutput {

    static final List<String> HEADER = List.of("id", "type", "outcome", "actor_id", "target_user_id", "ip_address",
            "user_agent", "details", "created_at");

    private final AuditQuery audit;
    private final AuditFilter filter;

    ReportCsv(AuditQuery audit, AuditFilter filter) {
        this.audit = audit;
        this.filter = filter;
    }

    @Override
    public void write(OutputStream output) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(output, StandardCharsets.UTF_8), 16 * 1024);
        Csv.row(out, HEADER);
        try {
            audit.each(filter, event -> {
                try {
                    Csv.row(out, row(event));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
    }

    private static List<String> row(AuditEvent e) {
        return Arrays.asList(e.id().toString(), e.type(), e.outcome(), text(e.actorId()), text(e.targetUserId()),
                e.ipAddress(), e.userAgent(), e.details(), e.createdAt().toString());
    }

    private static String text(Object value) {
        return value == null ? null : Objects.toString(value);
    }

    /** report-<name as letters, digits and dashes>-<date>.csv */
    static String fileName(Report report) {
        String slug = report.name().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60);
        }
        return "report-" + (slug.isEmpty() ? report.id() : slug) + "-" + LocalDate.now(ZoneOffset.UTC) + ".csv";
    }
}
