package dev.warden.platform.boundary;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers of Warden's own web pages (Swagger UI, the account pages the mails link to):
 * a Content-Security-Policy of the page's own, no content-type sniffing, no Referer to
 * anywhere (a page's address may carry a token), and no framing (clickjacking).
 */
public final class PageHeaders {

    private PageHeaders() {
    }

    public static void apply(HttpServletResponse response, String policy, String cacheControl) {
        response.setHeader("Content-Security-Policy", policy);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", cacheControl);
    }
}
