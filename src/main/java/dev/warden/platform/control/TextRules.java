package dev.warden.platform.control;

/**
 * Patterns for names a person reads on one line (an API key's, a report's): no control
 * characters (U+0000..U+001F, U+007F: line breaks, ANSI escapes, NUL), which would break the
 * line in a list, a log or a terminal. Multi-line text (a description) only refuses NUL,
 * which PostgreSQL cannot store ({@code platform.boundary.StrictJsonBodies}).
 */
public final class TextRules {

    /** No control character. */
    public static final String ONE_LINE = "[^\\x00-\\x1F\\x7F]*";
    /** No control character, and at least one character that is not a space. */
    public static final String ONE_LINE_NOT_BLANK = "[^\\x00-\\x1F\\x7F]*[^\\x00-\\x20\\x7F][^\\x00-\\x1F\\x7F]*";
    public static final String NO_CONTROLS = "must not contain control characters";

    private TextRules() {
    }
}
