package dev.warden.reports.control;

import dev.warden.audit.control.Audited;
import dev.warden.audit.control.Audit;
import dev.warden.audit.control.AuditFilter;
import dev.warden.audit.control.FilterValues;
import dev.warden.audit.entity.EventType;
import dev.warden.audit.entity.Outcome;
import dev.warden.platform.control.PageRequest;
import dev.warden.platform.problem.FieldError;
import dev.warden.platform.problem.WardenException;
import dev.warden.reports.entity.Report;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Saved reports: create, read, change, delete, and the audit filter each one stands for. */
@ApplicationScoped
public class Reports {

    /** A report's filters as a client sends them; every member optional. */
    public record Filters(List<String> eventTypes, String userId, String outcome, String since, String until) {
    }

    public record Listing(List<Report> reports, long total) {
    }

    @PersistenceContext
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    Audit audit;

    @Transactional
    public Report create(String name, String description, Filters filters, UUID createdBy) {
        Instant now = clock.instant();
        Report report = new Report(name.strip(), described(description), createdBy, now);
        apply(report, filters, now);
        em.persist(report);
        audit.record(Audited.success(EventType.REPORT_CREATED).with("report_id", report.id())
                .with("report_name", report.name()));
        return report;
    }

    @Transactional
    public Report update(UUID id, String name, String description, Filters filters) {
        Report report = get(id);
        Instant now = clock.instant();
        report.describe(name == null ? report.name() : name.strip(),
                description == null ? report.description() : described(description), now);
        if (filters != null) {
            apply(report, filters, now);
        }
        audit.record(Audited.success(EventType.REPORT_UPDATED).with("report_id", report.id())
                .with("report_name", report.name()));
        return report;
    }

    /** A blank description is none ({@code null}): how a merge patch's {@code "description": null} arrives. */
    private static String described(String description) {
        return description == null || description.isBlank() ? null : description;
    }

    @Transactional
    public void delete(UUID id) {
        if (em.createQuery("delete from Report r where r.id = :id").setParameter("id", id).executeUpdate() == 0) {
            throw WardenException.notFound("Report");
        }
        audit.record(Audited.success(EventType.REPORT_DELETED).with("report_id", id));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Report get(UUID id) {
        Report report = em.find(Report.class, id);
        if (report == null) {
            throw WardenException.notFound("Report");
        }
        return report;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Listing list(PageRequest page) {
        List<Report> reports = em.createQuery("select r from Report r order by r.createdAt desc, r.id desc", Report.class)
                .setFirstResult(page.offset()).setMaxResults(page.size()).getResultList();
        return new Listing(reports, em.createQuery("select count(r) from Report r", Long.class).getSingleResult());
    }

    private static void exact(String field, String value, boolean nullable, List<FieldError> errors) {
        if (value == null && !nullable) {
            errors.add(new FieldError(field, "must not be null"));
        } else if (value != null && (value.isBlank() || !value.strip().equals(value))) {
            errors.add(new FieldError(field, "must not be blank or padded with spaces"
                    + (nullable ? "; null, or the member left out, does not filter" : "")));
        }
    }

    /** The audit query a report stands for. */
    public static AuditFilter filterOf(Report report) {
        List<EventType> types = report.eventTypes() == null || report.eventTypes().isEmpty() ? List.of()
                : Arrays.stream(report.eventTypes().split(",")).map(t -> EventType.parse(t).orElseThrow()).toList();
        return new AuditFilter(types, report.userId(), report.outcome() == null ? null
                : Outcome.parse(report.outcome()).orElseThrow(), null, report.since(), report.until());
    }

    /**
     * Checks the filters (400 naming filters.<member>) and stores them. In a body, "no
     * filter" is said with null or by leaving the member out: a blank or padded value, or a
     * null or blank event type, is refused rather than read as no filter or trimmed (until
     * 2026-12-05 {@code "outcome": ""} saved a report without that filter, and
     * {@code "event_types": [""]} one of every type). Query parameters of the audit list
     * stay lenient, as a form sends them.
     */
    private static void apply(Report report, Filters filters, Instant now) {
        Filters f = filters == null ? new Filters(null, null, null, null, null) : filters;
        List<FieldError> unclear = new ArrayList<>();
        if (f.eventTypes() != null) {
            for (int i = 0; i < f.eventTypes().size(); i++) {
                exact("filters.event_types[" + i + "]", f.eventTypes().get(i), false, unclear);
            }
        }
        exact("filters.user_id", f.userId(), true, unclear);
        exact("filters.outcome", f.outcome(), true, unclear);
        exact("filters.since", f.since(), true, unclear);
        exact("filters.until", f.until(), true, unclear);
        if (!unclear.isEmpty()) {
            throw WardenException.invalid(unclear);
        }
        List<EventType> types = FilterValues.types("filters.event_types", f.eventTypes() == null ? List.of()
                : f.eventTypes());
        UUID user = FilterValues.user("filters.user_id", f.userId());
        Outcome outcome = FilterValues.outcome("filters.outcome", f.outcome());
        Instant since = FilterValues.instant("filters.since", f.since());
        Instant until = FilterValues.instant("filters.until", f.until());
        FilterValues.checkRange("filters.since", since, until);
        report.filter(types.isEmpty() ? null : String.join(",", types.stream().map(EventType::value).distinct().toList()),
                user, outcome == null ? null : outcome.value(), since, until, now);
    }
}
