package dev.warden.platform.boundary;

import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.WardenException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

/**
 * Refuses request bodies over 64 KiB with 413, whether announced by Content-Length or
 * streamed (chunked), before the JSON parser buffers them. An empty body reads as no
 * body (null): optional bodies then work, and required ones fail their @NotNull with a
 * 400 instead of a parser error.
 */
@Provider
public class BodyLimit implements ReaderInterceptor {

    static final int MAX_BYTES = 64 * 1024;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        String length = context.getHeaders().getFirst("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > MAX_BYTES) {
                    throw tooLarge();
                }
            } catch (NumberFormatException e) {
                throw ErrorCode.BAD_REQUEST.exception("Invalid Content-Length");
            }
        }
        PushbackInputStream body = new PushbackInputStream(new Limited(context.getInputStream()), 1);
        int first = body.read();
        if (first < 0) {
            return null;
        }
        body.unread(first);
        context.setInputStream(body);
        return context.proceed();
    }

    static WardenException tooLarge() {
        return ErrorCode.PAYLOAD_TOO_LARGE.exception();
    }

    static final class Limited extends FilterInputStream {
        private long read;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > MAX_BYTES) {
                throw tooLarge();
            }
        }
    }
}
