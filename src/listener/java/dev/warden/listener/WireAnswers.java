package dev.warden.listener;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.EmptyCompletionHandler;
import org.glassfish.grizzly.Grizzly;
import org.glassfish.grizzly.WriteResult;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.memory.Buffers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Below the HTTP codec, where requests are still bytes and answers already are.
 *
 * <ul>
 * <li>Reading: a connection whose first bytes cannot begin an HTTP request line (a TLS
 * handshake on the plain port, a line without a method) gets a 400 problem and is closed,
 * where the codec would wait for a request line until the connection timed out.</li>
 * <li>Writing: an error the codec or the Catalina adapter answered with an empty body
 * (status 400 and up, {@code Content-Length: 0}, no {@code Content-Type}: malformed
 * header names or framing, no Host, "Invalid URI", an HTTP version other than 1.x) gets
 * the problem body of its status, and a 505 becomes a 400 (Warden answers no 5xx but
 * 503 for something a client did). The application never sends such a response: all
 * of its errors carry a problem body.</li>
 * </ul>
 */
public class WireAnswers extends BaseFilter {

    private static final Attribute<Boolean> FIRST_BYTES_SEEN =
            Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(WireAnswers.class.getName() + ".firstBytesSeen");
    /** Longer than any method name in the IANA registry. */
    private static final int LONGEST_METHOD = 32;
    /** The container's bare error responses are a status line and a few headers. */
    private static final int LONGEST_BARE_ERROR = 2048;

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        if (FIRST_BYTES_SEEN.get(connection) == null) {
            FIRST_BYTES_SEEN.set(connection, Boolean.TRUE);
            if (!couldBeRequestLine(ctx.getMessage())) {
                answerAndClose(ctx, Buffers.wrap(ctx.getMemoryManager(), Problem.NOT_HTTP.response("", true)));
                return ctx.getStopAction();
            }
        }
        return ctx.getInvokeAction();
    }

    @Override
    public NextAction handleWrite(FilterChainContext ctx) throws IOException {
        if (ctx.getMessage() instanceof Buffer buffer) {
            byte[] replacement = problemFor(buffer);
            if (replacement != null) {
                buffer.tryDispose();
                ctx.setMessage(Buffers.wrap(ctx.getMemoryManager(), replacement));
            }
        }
        return ctx.getInvokeAction();
    }

    /**
     * Whether the bytes at hand can begin a request line: optional empty lines, then a
     * method name (RFC 9110 token characters) and a space. Undecided (too few bytes) counts
     * as yes; the codec then judges the rest.
     */
    static boolean couldBeRequestLine(Buffer input) {
        int i = input.position();
        int end = input.limit();
        while (i < end && (input.get(i) == '\r' || input.get(i) == '\n')) {
            i++;
        }
        int start = i;
        for (; i < end && i - start <= LONGEST_METHOD; i++) {
            byte b = input.get(i);
            if (b == ' ') {
                return i > start;
            }
            if (!isTokenChar(b)) {
                return false;
            }
        }
        return i - start <= LONGEST_METHOD;
    }

    private static boolean isTokenChar(byte b) {
        if (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9') {
            return true;
        }
        return b > 32 && b < 127 && "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
    }

    /** The problem response replacing a bare container error, or null if this is not one. */
    static byte[] problemFor(Buffer out) {
        int start = out.position();
        int length = out.limit() - start;
        if (length < 16 || length > LONGEST_BARE_ERROR || out.get(start) != 'H' || out.get(start + 9) < '4'
                || out.get(start + 9) > '5') {
            return null;
        }
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = out.get(start + i);
        }
        String head = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!(head.startsWith("HTTP/1.1 ") || head.startsWith("HTTP/1.0 ")) || head.indexOf("\r\n\r\n") != length - 4) {
            return null;
        }
        String[] lines = head.substring(0, length - 4).split("\r\n");
        int status;
        try {
            status = Integer.parseInt(lines[0].substring(9, 12));
        } catch (RuntimeException e) {
            return null;
        }
        String reason = lines[0].length() > 13 ? lines[0].substring(13).trim() : "";
        boolean emptyBody = false;
        boolean close = false;
        StringBuilder kept = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            String name = colon < 0 ? line : line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : line.substring(colon + 1).trim();
            switch (name) {
                case "content-type", "transfer-encoding" -> {
                    return null; // a response with a body of its own
                }
                case "content-length" -> emptyBody = "0".equals(value);
                case "connection" -> close = value.toLowerCase(Locale.ROOT).contains("close");
                default -> kept.append(line).append("\r\n");
            }
        }
        return emptyBody && status >= 400 ? Problem.forStatus(status, reason).response(kept.toString(), close) : null;
    }

    static void answerAndClose(FilterChainContext ctx, Object answer) {
        Connection<?> connection = ctx.getConnection();
        ctx.write(answer, new EmptyCompletionHandler<WriteResult>() {
            @Override
            public void completed(WriteResult result) {
                connection.closeSilently();
            }

            @Override
            public void failed(Throwable throwable) {
                connection.closeSilently();
            }
        });
    }
}
