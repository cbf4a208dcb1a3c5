package dev.warden.platform.control;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code for} values of a {@code Forwarded} header (RFC 7239), one per element, in
 * order: {@code Forwarded: for=192.0.2.60;proto=https, for="[2001:db8::17]:4711"} gives
 * {@code 192.0.2.60} and {@code [2001:db8::17]:4711}. Quoted strings are read with their
 * escapes, so a comma or semicolon inside quotes separates nothing. An element without
 * {@code for} gives {@code unknown}, as a proxy that does not know its client writes it:
 * such a hop is not an address, and {@link ClientAddress} then believes no hop before it.
 */
final class ForwardedHeader {

    static final String UNKNOWN = "unknown";

    private ForwardedHeader() {
    }

    static List<String> forValues(String value) {
        List<String> hops = new ArrayList<>();
        String found = null;
        StringBuilder name = new StringBuilder();
        StringBuilder token = new StringBuilder();
        boolean inValue = false;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < value.length()) {
                    token.append(value.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    token.append(c);
                }
            } else if (c == '"' && inValue) {
                quoted = true;
            } else if (c == '=' && !inValue) {
                inValue = true;
            } else if (c == ';' || c == ',') {
                found = pair(name, token, inValue, found);
                inValue = false;
                if (c == ',') {
                    hops.add(found == null ? UNKNOWN : found);
                    found = null;
                }
            } else if (inValue) {
                token.append(c);
            } else {
                name.append(c);
            }
        }
        found = pair(name, token, inValue, found);
        hops.add(found == null ? UNKNOWN : found);
        return hops;
    }

    /** The pair just read: its value if it is {@code for} (the first of an element), else what was found. */
    private static String pair(StringBuilder name, StringBuilder token, boolean hadValue, String found) {
        String result = found;
        if (found == null && hadValue && name.toString().trim().equalsIgnoreCase("for")) {
            result = token.toString().trim();
        }
        name.setLength(0);
        token.setLength(0);
        return result;
    }
}
