package dev.warden.listener;

import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.http.HttpServerFilter;
import org.glassfish.grizzly.portunif.PUFilter;
import org.glassfish.grizzly.portunif.PUProtocol;
import org.glassfish.grizzly.portunif.ProtocolFinder;

/**
 * The listener's port-unification filter ({@code port-unification classname} in domain.xml).
 * Every connection goes to the one HTTP protocol ({@link AnyConnection}); while the server
 * builds that protocol's filter chain, this adds {@link WireAnswers} below the HTTP codec
 * (it sees the bytes) and {@link RequestAnswers} above it (it sees parsed requests).
 *
 * <p>Payara switches HTTP/2 off on a listener with port unification: Warden then speaks
 * HTTP/1.1 only, and {@link RequestAnswers} makes sure a request that asks for an upgrade
 * (h2c) is still answered as the HTTP/1.1 request it is.
 */
public class ProblemListener extends PUFilter {

    @Override
    public PUProtocol register(ProtocolFinder finder, FilterChain chain) {
        int codec = chain.indexOfType(HttpServerFilter.class);
        if (codec < 0) {
            throw new IllegalStateException("Warden's listener filter needs an HTTP protocol behind it, found " + chain);
        }
        chain.add(codec + 1, new RequestAnswers());
        chain.add(codec, new WireAnswers());
        return super.register(finder, chain);
    }
}
