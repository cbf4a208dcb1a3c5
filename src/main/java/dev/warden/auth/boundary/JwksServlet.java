package dev.warden.auth.boundary;

import dev.warden.platform.boundary.ReadOnlyServlet;
import dev.warden.platform.problem.Problems;
import dev.warden.system.control.SigningKeys;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The public signing keys, for any JOSE library that verifies Warden's tokens. */
@WebServlet("/.well-known/jwks.json")
public class JwksServlet extends ReadOnlyServlet {

    @Inject
    SigningKeys keys;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (refusedAsJsonRead(request, response, "The public keys are application/json")) {
            return;
        }
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Cache-Control", "public, max-age=60");
        response.getWriter().write(keys.publicKeys().toString(true));
    }
}
