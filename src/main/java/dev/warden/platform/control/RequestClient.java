package dev.warden.platform.control;

/**
 * The current request's client ({@link RequestInfo}: its address and user agent), worked
 * out once per request and read through a request-scoped proxy: one instance per request,
 * made by {@code platform.boundary.RequestClients} from the servlet request. Beans of one
 * instance (resources, providers, services) inject this, never a {@code RequestInfo}, which
 * would keep the first request's client.
 * <p>
 * Produced, not a bean class, for {@link Caller}'s reason (Payara runs its injection pass
 * over every instance of a bean class it creates). Until 2026-12-06 the record itself was
 * produced in dependent scope and read through {@code Instance<RequestInfo>}: every
 * {@code get()} resolved the bean and worked the address out again, three times in a
 * refresh (the rate limit, the resource, the audit event), ~4.7 % of its CPU in Payara.
 */
public class RequestClient {

    private final RequestInfo info;

    /** For the proxy only. */
    RequestClient() {
        this(null);
    }

    public RequestClient(RequestInfo info) {
        this.info = info;
    }

    /** Who is calling from where. */
    public RequestInfo info() {
        return info;
    }
}
