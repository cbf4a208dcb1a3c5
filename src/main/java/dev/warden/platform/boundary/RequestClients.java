package dev.warden.platform.boundary;

import dev.warden.platform.control.ClientAddress;
import dev.warden.platform.control.RequestClient;
import dev.warden.platform.control.RequestInfo;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Collections;

/** Resolves the current request's client address and user agent once per request ({@link RequestClient}). */
@ApplicationScoped
public class RequestClients {

    @Inject
    HttpServletRequest request;

    @Inject
    ClientAddress clientAddress;

    @Produces
    @RequestScoped
    RequestClient client() {
        // Proxies may add their hop on a header line of its own: all lines are one list (RFC 9110 5.3).
        String forwarded = String.join(",", Collections.list(request.getHeaders(clientAddress.proxyHeader())));
        String ip = clientAddress.resolveFrom(request.getRemoteAddr(), forwarded.isEmpty() ? null : forwarded);
        return new RequestClient(new RequestInfo(ip, clientAddress.network(ip), request.getHeader("User-Agent")));
    }
}
