package dev.warden.apikeys.boundary;

import dev.warden.platform.control.Caller;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;

/** Tells clients still using a legacy static key that it is on its way out (the header SPEC 4 asks for). */
@Provider
public class LegacyKeyDeprecation implements ContainerResponseFilter {

    @Inject
    Caller caller;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (caller.kind().filter(k -> k == Caller.Kind.LEGACY_API_KEY).isPresent()) {
            response.getHeaders().putSingle("Deprecation", "true");
        }
    }
}
