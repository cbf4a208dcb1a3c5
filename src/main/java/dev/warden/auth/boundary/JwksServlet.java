package dev.warden.auth.boundary;

import dev.warden.platform.boundary.ReadOnlyServlet;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.Problems;
import dev.warden.system.control.SigningKeys;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** The public signing keys, for any JOSE library that verifies Warden's tokens. */
@WebServlet("/.well-known/jwks.json")
public class JwksServlet extends ReadOnlyServlet {

    @Inject
    SigningKeys keys;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // the same rules as the JAX-RS operations (NoBodyExpected, content negotiation)
        if (request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null) {
            Problems.write(response, ErrorCode.BAD_REQUEST.exception("This operation takes no request body"));
            return;
        }
        if (!acceptsJson(request.getHeader("Accept"))) {
            Problems.write(response, ErrorCode.NOT_ACCEPTABLE.exception("The public keys are application/json"));
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "public, max-age=60");
        response.getWriter().write(keys.publicKeys().toString(true));
    }

    /** Whether an Accept header admits application/json (no header admits everything). */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String range : accept.split(",")) {
            String[] parts = range.split(";");
            String type = parts[0].strip().toLowerCase(Locale.ROOT);
            double quality = 1;
            for (int i = 1; i < parts.length; i++) {
                String parameter = parts[i].strip();
                if (parameter.startsWith("q=")) {
                    try {
                        quality = Double.parseDouble(parameter.substring(2));
                    } catch (NumberFormatException e) {
                        quality = 0;
                    }
                }
            }
            if (quality > 0 && (type.equals("*/*") || type.equals("application/*") || type.equals("application/json"))) {
                return true;
            }
        }
        return false;
    }
}
