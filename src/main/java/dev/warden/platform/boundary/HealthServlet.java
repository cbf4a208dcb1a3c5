package dev.warden.platform.boundary;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MicroProfile Health under the application's own URL (SPEC 5.5), for a server that
 * serves it elsewhere: WildFly answers {@code /health} on its management port (9990).
 * Payara serves {@code /health} at the server's root, in a context of its own, which the
 * container picks over this servlet wherever Warden is deployed at the root; under a
 * context of its own Warden answers there too. The answer is MicroProfile Health's:
 * {@code status}, and {@code checks} with each check's {@code name}, {@code status} and
 * {@code data}; 200 when every check is UP, 503 otherwise. Only Warden's own checks (the
 * database): a server's own stay where the server serves them.
 */
@WebServlet({"/health", "/health/live", "/health/ready", "/health/started"})
public class HealthServlet extends ReadOnlyServlet {

    private static final Map<String, List<Annotation>> KINDS = Map.of(
            "/health", List.of(Liveness.Literal.INSTANCE, Readiness.Literal.INSTANCE, Startup.Literal.INSTANCE),
            "/health/live", List.of(Liveness.Literal.INSTANCE),
            "/health/ready", List.of(Readiness.Literal.INSTANCE),
            "/health/started", List.of(Startup.Literal.INSTANCE));

    @Inject
    @Any
    Instance<HealthCheck> checks;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (refusedAsJsonRead(request, response, "The health report is application/json")) {
            return;
        }
        List<HealthCheckResponse> answers = new ArrayList<>();
        for (Annotation kind : KINDS.getOrDefault(request.getServletPath(), List.of())) {
            for (HealthCheck check : checks.select(kind)) {
                answers.add(call(check));
            }
        }
        boolean up = answers.stream().allMatch(a -> a.getStatus() == HealthCheckResponse.Status.UP);
        JsonArrayBuilder list = Json.createArrayBuilder();
        for (HealthCheckResponse answer : answers) {
            JsonObjectBuilder item = Json.createObjectBuilder().add("name", answer.getName())
                    .add("status", answer.getStatus().name());
            answer.getData().ifPresent(data -> {
                JsonObjectBuilder values = Json.createObjectBuilder();
                data.forEach((key, value) -> {
                    if (value instanceof Boolean b) {
                        values.add(key, b);
                    } else if (value instanceof Long n) {
                        values.add(key, n);
                    } else {
                        values.add(key, String.valueOf(value));
                    }
                });
                item.add("data", values);
            });
            list.add(item);
        }
        response.setStatus(up ? HttpServletResponse.SC_OK : HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write(Json.createObjectBuilder().add("status", up ? "UP" : "DOWN")
                .add("checks", list).build().toString());
    }

    /** A check that fails is DOWN, as MicroProfile Health has it. */
    private static HealthCheckResponse call(HealthCheck check) {
        try {
            return check.call();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named(check.getClass().getSimpleName().split("\\$")[0]).down().build();
        }
    }
}
