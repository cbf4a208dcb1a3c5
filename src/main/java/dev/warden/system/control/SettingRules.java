package dev.warden.system.control;

import dev.warden.platform.control.ClientAddress;
import dev.warden.platform.control.CrossOriginPolicy;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What each setting of SPEC section 8 (and the README's additions) may be, checked once at
 * start, before the database is touched, so that a mistyped value stops the deployment
 * with a message naming it instead of being used. Without this, Payara Micro's
 * MicroProfile Config quietly injects the default for a value it cannot convert
 * ({@code warden.lockout.duration=30m} locked for PT30M, whatever was meant), and the
 * values it can convert but that make no sense were used: an access-token lifetime of
 * {@code PT0S} issued tokens that were already expired, {@code warden.jwt.algorithm=HS256}
 * or {@code warden.password.bcrypt-cost=40} answered every request 500, a prefix length
 * of {@code /abc} in {@code warden.trusted-proxies} every login through a proxy.
 * <p>
 * A blank value counts as not set (MicroProfile Config's rule): the default applies. The
 * settings checked elsewhere at start keep their own checks: {@code warden.db.*} (the
 * datasource), {@code warden.encryption.*} ({@link EncryptionKey}), {@code warden.jwt.signing-key}
 * ({@link SigningKeys}), {@code warden.mail.smtp.tls} and {@code warden.mail.from} (the
 * mailer), {@code warden.bootstrap.admin.*} (the bootstrap admin). Every value named in a
 * problem is one of the public settings ({@link Settings#PUBLIC}); the one secret checked
 * here, {@code warden.legacy-api-keys}, is described by the length of a key, never shown.
 */
public final class SettingRules {

    /** A setting's rule: the problem with its value, if any. */
    private interface Rule {
        Optional<String> check(String value);
    }

    private record Setting(String key, Rule rule) {
    }

    /** The longest access-token lifetime accepted without a warning. */
    static final Duration ACCESS_TOKEN_WARNING = Duration.ofHours(1);

    /** The shortest static key accepted: 16 characters, 96 bits if random base64. */
    static final int LEGACY_KEY_MIN = 16;

    private static final Set<String> TRUE = Set.of("true", "1", "yes", "y", "on");
    private static final Set<String> FALSE = Set.of("false", "0", "no", "n", "off");

    private static final List<Setting> SETTINGS = List.of(
            new Setting("warden.jwt.algorithm", oneOf("RS256", "ES256")),
            new Setting("warden.jwt.native-signing", bool()),
            new Setting("warden.jwt.access-token-ttl", duration(false)),
            new Setting("warden.jwt.refresh-token-ttl", duration(false)),
            new Setting("warden.session.max-lifetime", duration(false)),
            new Setting("warden.session.retention", duration(true)),
            new Setting("warden.session.purge-interval", duration(false)),
            new Setting("warden.session.recent-login", duration(false)),
            new Setting("warden.trusted-proxies", SettingRules::proxies),
            new Setting("warden.proxy-header", oneOf("x-forwarded-for", "forwarded")),
            new Setting("warden.client-ipv6-prefix", number(32, 128)),
            new Setting(CrossOriginPolicy.SETTING, SettingRules::origins),
            new Setting("warden.password.min-length", number(1, Integer.MAX_VALUE)),
            new Setting("warden.password.max-length", number(1, Integer.MAX_VALUE)),
            new Setting("warden.password.history", number(0, Integer.MAX_VALUE)),
            new Setting("warden.password.bcrypt-cost", number(4, 31)),
            new Setting("warden.password.require-uppercase", bool()),
            new Setting("warden.password.require-lowercase", bool()),
            new Setting("warden.password.require-digit", bool()),
            new Setting("warden.password.require-special", bool()),
            new Setting("warden.password.max-concurrent-hashes", number(0, Integer.MAX_VALUE)),
            new Setting("warden.password.max-queued-hashes", number(0, Integer.MAX_VALUE)),
            new Setting("warden.lockout.max-failed-attempts", number(1, Integer.MAX_VALUE)),
            new Setting("warden.lockout.duration", duration(true)),
            new Setting("warden.rate-limit.auth-per-minute", number(0, Integer.MAX_VALUE)),
            new Setting("warden.api-keys.prefix", SettingRules::apiKeyPrefix),
            new Setting("warden.api-keys.max-per-user", number(0, Integer.MAX_VALUE)),
            new Setting("warden.legacy-api-keys.role", oneOf("admin", "analyst", "viewer")),
            new Setting("warden.mfa.max-attempts", number(1, Integer.MAX_VALUE)),
            new Setting("warden.mfa.token-ttl", duration(false)),
            new Setting("warden.reset.token-ttl", duration(false)),
            new Setting("warden.registration.enabled", bool()),
            new Setting("warden.registration.require-email-verification", bool()),
            new Setting("warden.mail.smtp.port", number(1, 65535)),
            new Setting("warden.public-url", SettingRules::publicUrl),
            new Setting("warden.alerts.failed-logins-per-address", number(0, Integer.MAX_VALUE)),
            new Setting("warden.audit.retention", duration(false)),
            new Setting("warden.audit.purge-interval", duration(false)),
            new Setting("warden.users.search-statistics-interval", duration(false)));

    private SettingRules() {
    }

    /** The keys this class checks. */
    static List<String> keys() {
        return SETTINGS.stream().map(Setting::key).toList();
    }

    /**
     * Every problem of the settings {@code value} gives (empty or blank: not set), one line
     * each, in the order of SPEC section 8.
     */
    public static List<String> problems(Function<String, Optional<String>> value) {
        List<String> problems = new ArrayList<>();
        for (Setting setting : SETTINGS) {
            set(value, setting.key()).flatMap(v -> setting.rule().check(v)
                    .map(problem -> setting.key() + " is '" + printable(v) + "': " + problem))
                    .ifPresent(problems::add);
        }
        Integer min = numberOr(value, "warden.password.min-length", 12);
        Integer max = numberOr(value, "warden.password.max-length", 128);
        if (min != null && max != null && min > max) {
            problems.add("warden.password.min-length (" + min + ") is above warden.password.max-length ("
                    + max + "): no password could be set");
        }
        set(value, "warden.legacy-api-keys").flatMap(SettingRules::legacyKeys).ifPresent(problems::add);
        return problems;
    }

    /**
     * What is valid but worth a WARNING at start: an access-token lifetime above
     * {@link #ACCESS_TOKEN_WARNING}. Warden refuses a revoked session's token at once, but
     * a service that verifies Warden's tokens itself (MicroProfile JWT with the JWKS) takes
     * it until it expires.
     */
    public static List<String> warnings(Function<String, Optional<String>> value) {
        return set(value, "warden.jwt.access-token-ttl").flatMap(v -> {
            try {
                return Optional.of(Duration.parse(v));
            } catch (DateTimeParseException e) {
                return Optional.empty(); // a problem already
            }
        }).filter(ttl -> ttl.compareTo(ACCESS_TOKEN_WARNING) > 0).map(ttl -> List.of("warden.jwt.access-token-ttl is "
                + ttl + ": after a logout, a revocation or a role change, services that verify Warden's tokens "
                + "themselves (with the JWKS) still accept the old token for up to that long; Warden itself refuses it "
                + "at once. The spec's default is PT15M")).orElse(List.of());
    }

    /**
     * A secret: the problem says which key (by its place in the list) and how long it is,
     * never the key. Guesses at a static key cost an attacker one cheap request each (no
     * bcrypt, no per-key lockout), so a short key would fall to a script.
     */
    private static Optional<String> legacyKeys(String value) {
        List<String> keys = Arrays.stream(value.split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList();
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).length() < LEGACY_KEY_MIN) {
                return Optional.of("warden.legacy-api-keys: key " + (i + 1) + " of " + keys.size() + " has "
                        + keys.get(i).length() + " characters; a static key must have at least " + LEGACY_KEY_MIN
                        + " (make one with: openssl rand -base64 24)");
            }
        }
        return Optional.empty();
    }

    /**
     * Throws {@link IllegalStateException} listing every problem of the settings, if there
     * is any: the deployment fails with it.
     */
    static void check(Function<String, Optional<String>> value) {
        List<String> problems = problems(value);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Warden does not start: " + (problems.size() == 1
                    ? "a setting is not valid" : problems.size() + " settings are not valid")
                    + " (README, Settings):\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * A flag as MicroProfile Config reads it (true, 1, yes, y, on; any case), for what reads
     * settings without it (the create-admin tool); {@link #problems} refuses what is neither.
     */
    public static boolean isTrue(String value) {
        return TRUE.contains(value.strip().toLowerCase(Locale.ROOT));
    }

    /** The setting's number; its default when it is not set; null when it is no number (a problem said already). */
    private static Integer numberOr(Function<String, Optional<String>> value, String key, int fallback) {
        Optional<String> set = set(value, key);
        return set.isEmpty() ? Integer.valueOf(fallback) : integer(set.get()).orElse(null);
    }

    private static Optional<String> set(Function<String, Optional<String>> value, String key) {
        return value.apply(key).filter(v -> !v.isBlank());
    }

    private static Rule duration(boolean zeroAllowed) {
        String expected = "must be an ISO-8601 duration " + (zeroAllowed ? "of zero or more" : "longer than zero")
                + ", such as PT15M, PT12H or P7D";
        return value -> {
            try {
                Duration duration = Duration.parse(value);
                return duration.isNegative() || (!zeroAllowed && duration.isZero()) ? Optional.of(expected) : Optional.empty();
            } catch (DateTimeParseException e) {
                return Optional.of(expected);
            }
        };
    }

    private static Rule number(int min, int max) {
        String expected = max == Integer.MAX_VALUE ? "must be a whole number of " + min + " or more"
                : "must be a whole number from " + min + " to " + max;
        return value -> integer(value).filter(n -> n >= min && n <= max).isPresent() ? Optional.empty() : Optional.of(expected);
    }

    private static Optional<Integer> integer(String value) {
        if (!value.matches("-?[0-9]{1,10}")) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** MicroProfile Config's true values, and their opposites; anything else would quietly be false. */
    private static Rule bool() {
        return value -> {
            String lower = value.toLowerCase(Locale.ROOT);
            return TRUE.contains(lower) || FALSE.contains(lower) ? Optional.empty() : Optional.of("must be true or false");
        };
    }

    private static Rule oneOf(String... choices) {
        List<String> allowed = List.of(choices);
        return value -> allowed.contains(value) ? Optional.empty()
                : Optional.of("must be " + String.join(", ", allowed.subList(0, allowed.size() - 1)) + " or "
                        + allowed.get(allowed.size() - 1));
    }

    private static Optional<String> proxies(String value) {
        try {
            ClientAddress.parse(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage().replaceFirst("^warden\\.trusted-proxies: ", ""));
        }
    }

    private static Optional<String> origins(String value) {
        try {
            CrossOriginPolicy.parse(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** As {@code apikeys.control.ApiKeyFormat} requires (stated again: system does not use apikeys). */
    private static Optional<String> apiKeyPrefix(String value) {
        return value.matches("[A-Za-z0-9_]{1,16}") ? Optional.empty()
                : Optional.of("must be 1 to 16 letters, digits or '_'");
    }

    /** The base of the links in mails: an absolute http or https URL of a host, nothing after its path. */
    private static Optional<String> publicUrl(String value) {
        String expected = "must be the absolute http or https URL users reach Warden at, such as "
                + "https://auth.example.com (no query, fragment or user info)";
        try {
            URI uri = new URI(value);
            boolean web = "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme());
            return web && uri.getHost() != null && uri.getRawUserInfo() == null && uri.getRawQuery() == null
                    && uri.getRawFragment() == null ? Optional.empty() : Optional.of(expected);
        } catch (URISyntaxException e) {
            return Optional.of(expected);
        }
    }

    /** The value as the log may show it: control characters escaped, at most 100 characters. */
    static String printable(String value) {
        StringBuilder shown = new StringBuilder();
        value.codePoints().limit(100).forEach(c -> {
            if (Character.isISOControl(c)) {
                shown.append(String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                shown.appendCodePoint(c);
            }
        });
        return value.codePointCount(0, value.length()) > 100 ? shown + "..." : shown.toString();
    }
}
