package dev.warden.platform.boundary;

import dev.warden.platform.db.DatabaseStatus;
import dev.warden.platform.problem.Problems;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Until start-up has run (Warden started while its database was down), the API and the
 * JWKS answer 503 with {@code Retry-After}: there is no schema to query and no key to
 * sign with or publish yet. One volatile read per request once started.
 */
@WebFilter(urlPatterns = {"/api/*", "/.well-known/*"})
public class StartupGate extends HttpFilter {

    @Inject
    DatabaseStatus database;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!database.isStarted()) {
            Problems.write(response, database.refusal());
            return;
        }
        chain.doFilter(request, response);
    }
}
