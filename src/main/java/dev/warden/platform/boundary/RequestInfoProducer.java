package dev.warden.platform.boundary;

import dev.warden.platform.control.ClientAddress;
import dev.warden.platform.control.RequestInfo;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/** Resolves the current request's client address and user agent once. */
@RequestScoped
public class RequestInfoProducer {

    @Inject
    HttpServletRequest request;

    @Inject
    ClientAddress clientAddress;

    /** Dependent: a record is final, so it cannot sit behind a request-scoped proxy. */
    @Produces
    RequestInfo requestInfo() {
        String ip = clientAddress.resolve(request.getRemoteAddr(), request.getHeader("X-Forwarded-For"));
        return new RequestInfo(ip, request.getHeader("User-Agent"));
    }
}
