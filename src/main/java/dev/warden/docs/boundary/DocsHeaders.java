package dev.warden.docs.boundary;

import dev.warden.platform.boundary.PageHeaders;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Swagger UI at /docs (files from the swagger-ui webjar, put into the WAR by the build) under
 * a strict Content-Security-Policy: scripts, styles and fetches from this origin only, no
 * inline script or style, no framing, no forms, no plugins; images from this origin and
 * data: (Swagger UI's stylesheet draws its icons as data: SVGs). Checked in headless
 * Chromium with a report-uri: the page and an opened operation raise no violation.
 */
@WebFilter(urlPatterns = {"/docs", "/docs/*"})
public class DocsHeaders extends HttpFilter {

    public static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'; object-src 'none'";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getRequestURI().equals(request.getContextPath() + "/docs")) {
            response.sendRedirect(request.getContextPath() + "/docs/");
            return;
        }
        PageHeaders.apply(response, POLICY, "no-cache");
        chain.doFilter(request, response);
    }
}
