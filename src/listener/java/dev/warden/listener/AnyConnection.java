package dev.warden.listener;

import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.portunif.PUContext;
import org.glassfish.grizzly.portunif.ProtocolFinder;

/**
 * Sends every connection to the HTTP protocol, HTTP or not, so that bytes that are not a
 * request still get an answer ({@link WireAnswers}) instead of a silently closed connection.
 */
public class AnyConnection implements ProtocolFinder {

    @Override
    public Result find(PUContext puContext, FilterChainContext ctx) {
        return Result.FOUND;
    }
}
