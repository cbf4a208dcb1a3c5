package dev.warden.users.boundary;

import dev.warden.platform.boundary.ReadOnlyServlet;
import dev.warden.platform.boundary.PageHeaders;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The two pages the mails link to (SPEC 5.1): {@code /reset-password?token=...} and
 * {@code /verify-email?token=...}. Each is a static page whose script
 * ({@code account/account.js}) takes the token from the address and sends it to the API
 * in a POST body: the reset with the new password the user typed twice, the verification
 * only when the user presses its button, so that a mail scanner that opens the link does
 * not use it up.
 * <p>
 * The pages come from {@code WEB-INF/pages} (not reachable without these headers) with a
 * strict Content-Security-Policy (scripts, styles and requests from this origin only, no
 * inline script, no framing, no native form submission), no Referer and {@code no-store}:
 * their address carries a secret.
 */
@WebServlet(urlPatterns = {"/reset-password", "/verify-email"})
public class AccountPages extends ReadOnlyServlet {

    static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
            + "img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";

    private final Map<String, byte[]> pages = new HashMap<>();

    @Override
    public void init() throws ServletException {
        for (String page : List.of("reset-password", "verify-email")) {
            try (InputStream in = getServletContext().getResourceAsStream("/WEB-INF/pages/" + page + ".html")) {
                if (in == null) {
                    throw new ServletException("The page " + page + " is missing from the WAR");
                }
                pages.put("/" + page, in.readAllBytes());
            } catch (IOException e) {
                throw new ServletException(e);
            }
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] page = pages.get(request.getServletPath());
        PageHeaders.apply(response, POLICY, "no-store");
        response.setContentType("text/html;charset=UTF-8");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }
}
