package dev.warden.listener;

import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.FilterChainEvent;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpEvents;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.util.Header;
import org.glassfish.grizzly.memory.Buffers;

import java.io.IOException;

/**
 * Above the HTTP codec, where requests are parsed but no container code has run yet.
 *
 * <ul>
 * <li>A request that asks to upgrade the connection (h2c, WebSocket) is served as the
 * plain HTTP/1.1 request it also is (RFC 9110 7.8 lets a server ignore Upgrade). Left
 * alone, Grizzly would treat everything after the headers as the new protocol's, and an
 * application reading the request body would wait for ever.</li>
 * <li>A path with a {@code %} not followed by two hex digits, or with a {@code .} or
 * {@code ..} segment (also percent-encoded), gets a 400 problem. The Catalina adapter
 * answered the first with an empty 200 and a SEVERE log line; Grizzly's normaliser fails
 * on some paths ending in {@code /..} the same way (an index out of bounds), and resolves
 * the others to a different resource than the one named. Clients remove dot segments
 * before they send (RFC 3986 5.2.4); a request that still has them is refused, as
 * Spring Security's strict firewall does.</li>
 * <li>{@code OPTIONS *} gets 204 with the methods Warden serves; Catalina's answer
 * listed TRACE, which Warden refuses.</li>
 * <li>CONNECT gets 405; answered by the container, it turned the connection into a
 * tunnel that stayed open and lost the answer's Content-Length.</li>
 * <li>A request line without an HTTP version (HTTP/0.9) gets the 400 problem of the
 * version; the container answered it without a Content-Type.</li>
 * </ul>
 * These answers close the connection.
 */
public class RequestAnswers extends BaseFilter {

    static final String METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";

    @Override
    public NextAction handleEvent(FilterChainContext ctx, FilterChainEvent event) throws IOException {
        if (event.type() == HttpEvents.IncomingHttpUpgradeEvent.TYPE) {
            HttpHeader request = ((HttpEvents.IncomingHttpUpgradeEvent) event).getHttpHeader();
            request.setIgnoreContentModifiers(false);
            request.getUpgradeDC().recycle();
            request.getHeaders().removeHeader(Header.Upgrade);
            return ctx.getStopAction();
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof HttpContent content && content.getHttpHeader() instanceof HttpRequestPacket request) {
            String uri = request.getRequestURI();
            if ("*".equals(uri) && Method.OPTIONS.equals(request.getMethod())) {
                HttpResponsePacket response = request.getResponse();
                response.setStatus(204);
                response.setReasonPhrase("No Content");
                response.setHeader(Header.Allow, METHODS);
                answer(ctx, request, HttpContent.builder(response).last(true).build());
                return ctx.getStopAction();
            }
            if (Method.CONNECT.equals(request.getMethod())) {
                // answered by the container, CONNECT would turn the connection into a tunnel
                // and lose the answer's Content-Length
                HttpResponsePacket response = request.getResponse();
                response.setHeader(Header.Allow, METHODS);
                answer(ctx, request, Problem.CONNECT);
                return ctx.getStopAction();
            }
            if (request.getProtocol() != Protocol.HTTP_1_1 && request.getProtocol() != Protocol.HTTP_1_0) {
                request.setProtocol(Protocol.HTTP_1_0); // else the codec leaves out the Content-Type
                answer(ctx, request, Problem.VERSION);
                return ctx.getStopAction();
            }
            if (!validEscapes(uri) || hasDotSegment(uri)) {
                answer(ctx, request, Problem.INVALID_PATH);
                return ctx.getStopAction();
            }
        }
        return ctx.getInvokeAction();
    }

    private static void answer(FilterChainContext ctx, HttpRequestPacket request, Problem problem) {
        byte[] body = problem.body();
        HttpResponsePacket response = request.getResponse();
        response.setStatus(problem.status());
        response.setReasonPhrase(problem.title());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setContentLength(body.length);
        answer(ctx, request, HttpContent.builder(response).content(Buffers.wrap(ctx.getMemoryManager(), body)).last(true).build());
    }

    private static void answer(FilterChainContext ctx, HttpRequestPacket request, HttpContent answer) {
        request.getProcessingState().setKeepAlive(false);
        WireAnswers.answerAndClose(ctx, answer);
    }

    /** Whether every % in the path is followed by two hex digits (the query is the application's). */
    static boolean validEscapes(String uri) {
        int end = uri.indexOf('?');
        end = end < 0 ? uri.length() : end;
        for (int i = uri.indexOf('%'); i >= 0 && i < end; i = uri.indexOf('%', i + 1)) {
            if (i + 2 >= end || !isHex(uri.charAt(i + 1)) || !isHex(uri.charAt(i + 2))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a segment of the path is {@code .} or {@code ..}, literally or as {@code %2e}. */
    static boolean hasDotSegment(String uri) {
        int end = uri.indexOf('?');
        end = end < 0 ? uri.length() : end;
        int start = 0;
        while (start <= end) {
            int slash = uri.indexOf('/', start);
            int segmentEnd = slash < 0 || slash > end ? end : slash;
            String segment = uri.substring(start, segmentEnd);
            if (segment.length() <= 6 && !segment.isEmpty()) {
                String dots = segment.replace("%2e", ".").replace("%2E", ".");
                if (dots.equals(".") || dots.equals("..")) {
                    return true;
                }
            }
            start = segmentEnd + 1;
        }
        return false;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
