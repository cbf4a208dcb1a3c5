package dev.warden.ratelimit.boundary;

import dev.warden.platform.control.RequestClient;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.ratelimit.control.RateLimiter;
import dev.warden.ratelimit.control.RateWindows;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers 429 rate_limited, with Retry-After, before a {@link RateLimited} endpoint does any
 * work. Counted per client network: an IPv4 address, or an IPv6 address's
 * {@code warden.client-ipv6-prefix} network (a /64 by default), so that a client holding a
 * whole IPv6 network cannot pass the limit by sending each request from another address.
 */
@Provider
@RateLimited
@Priority(Priorities.AUTHENTICATION - 10)
public class RateLimitFilter implements ContainerRequestFilter {

    static final String SCOPE = "auth";

    @Inject
    RateLimiter limiter;

    /** Per request: the provider is one instance, the client differs for each request. */
    @Inject
    RequestClient client;

    @Inject
    @ConfigProperty(name = "warden.rate-limit.auth-per-minute", defaultValue = "60")
    int perMinute;

    @Override
    public void filter(ContainerRequestContext request) {
        if (perMinute <= 0) {
            return;
        }
        String network = client.info().network();
        RateWindows.Decision decision = limiter.acquire(SCOPE, network, perMinute);
        if (!decision.allowed()) {
            String from = network == null || network.equals(client.info().ipAddress()) ? "this address"
                    : "this address's network " + network;
            throw ErrorCode.RATE_LIMITED.exception("More than " + perMinute
                            + " requests a minute from " + from + "; retry after " + decision.retryAfterSeconds() + " s")
                    .header("Retry-After", String.valueOf(decision.retryAfterSeconds()));
        }
    }
}
