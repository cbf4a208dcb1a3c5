package dev.warden.reports.control;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * One CSV row at a time (RFC 4180): fields separated by commas, rows ended by CRLF, a field
 * quoted when it holds a comma, a quote, CR or LF, with its quotes doubled. A field that a
 * spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) is prefixed with
 * an apostrophe, the OWASP advice against CSV injection: audit data carries text that
 * clients chose (user agents, names).
 */
public final class Csv {

    private Csv() {
    }

    public static void row(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(field(fields.get(i)));
        }
        out.write("\r\n");
    }

    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\r') >= 0
                || safe.indexOf('\n') >= 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }
}
