package dev.warden.system.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettingRulesTest {

    private static List<String> problems(Map<String, String> settings) {
        return SettingRules.problems(key -> Optional.ofNullable(settings.get(key)));
    }

    @Test
    void theShippedDefaultsAndNothingSetArePassed() throws Exception {
        Properties defaults = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/META-INF/microprofile-config.properties"))) {
            defaults.load(in);
        }
        assertTrue(defaults.size() > 30, "the defaults were read");
        assertEquals(List.of(), SettingRules.problems(key -> Optional.ofNullable(defaults.getProperty(key))));
        assertEquals(List.of(), problems(Map.of()));
    }

    /** The example an operator copies (server-config/production.env.example) passes, read as MicroProfile Config reads variables. */
    @Test
    void theExampleProductionSettingsArePassed() throws Exception {
        Map<String, String> variables = new java.util.HashMap<>();
        for (String line : Files.readAllLines(Path.of("server-config/production.env.example"))) {
            String setting = line.startsWith("# WARDEN_") ? line.substring(2) : line; // the optional ones too
            if (setting.startsWith("WARDEN_") && setting.contains("=")) {
                variables.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
            }
        }
        assertTrue(variables.containsKey("WARDEN_JWT_ACCESS_TOKEN_TTL") && variables.containsKey("WARDEN_CORS_ALLOWED_ORIGINS"),
                variables::toString);
        assertEquals(List.of(), SettingRules.problems(key -> Optional.ofNullable(
                variables.get(key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_")))));
    }

    /** Each of these started Warden before (found by starting it with each, 2026-12-07). */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "warden.jwt.access-token-ttl | PT0S | must be an ISO-8601 duration longer than zero",
            "warden.jwt.access-token-ttl | -PT1M | must be an ISO-8601 duration longer than zero",
            "warden.jwt.access-token-ttl | 15m | must be an ISO-8601 duration longer than zero",
            "warden.jwt.refresh-token-ttl | abc | must be an ISO-8601 duration longer than zero",
            "warden.session.max-lifetime | 30 days | must be an ISO-8601 duration longer than zero",
            "warden.session.retention | -P1D | must be an ISO-8601 duration of zero or more",
            "warden.lockout.duration | xyz | must be an ISO-8601 duration of zero or more",
            "warden.audit.retention | P0D | must be an ISO-8601 duration longer than zero",
            "warden.mfa.token-ttl | 5 | must be an ISO-8601 duration longer than zero",
            "warden.jwt.algorithm | HS256 | must be RS256 or ES256",
            "warden.jwt.algorithm | rs256 | must be RS256 or ES256",
            "warden.legacy-api-keys.role | superuser | must be admin, analyst or viewer",
            "warden.password.bcrypt-cost | 40 | must be a whole number from 4 to 31",
            "warden.password.bcrypt-cost | 3 | must be a whole number from 4 to 31",
            "warden.password.min-length | -1 | must be a whole number of 1 or more",
            "warden.password.history | -1 | must be a whole number of 0 or more",
            "warden.password.history | 3.5 | must be a whole number of 0 or more",
            "warden.password.max-queued-hashes | 99999999999 | must be a whole number of 0 or more",
            "warden.lockout.max-failed-attempts | 0 | must be a whole number of 1 or more",
            "warden.rate-limit.auth-per-minute | -5 | must be a whole number of 0 or more",
            "warden.mfa.max-attempts | 0 | must be a whole number of 1 or more",
            "warden.alerts.failed-logins-per-address | -1 | must be a whole number of 0 or more",
            "warden.mail.smtp.port | abc | must be a whole number from 1 to 65535",
            "warden.mail.smtp.port | 70000 | must be a whole number from 1 to 65535",
            "warden.password.require-digit | maybe | must be true or false",
            "warden.registration.enabled | enabled | must be true or false",
            "warden.api-keys.prefix | wdn- | must be 1 to 16 letters, digits or '_'",
            "warden.public-url | not a url | must be the absolute http or https URL",
            "warden.public-url | ftp://warden.example | must be the absolute http or https URL",
            "warden.public-url | https://warden.example/?next=1 | must be the absolute http or https URL",
            "warden.public-url | https://admin@warden.example | must be the absolute http or https URL",
            "warden.public-url | /relative | must be the absolute http or https URL",
            "warden.trusted-proxies | 10.0.0.0/99 | '10.0.0.0/99' is not an IP address or a CIDR range",
            "warden.client-ipv6-prefix | 16 | must be a whole number from 32 to 128",
            "warden.proxy-header | x-real-ip | must be x-forwarded-for or forwarded",
            "warden.client-ipv6-prefix | 129 | must be a whole number from 32 to 128",
            "warden.client-ipv6-prefix | /64 | must be a whole number from 32 to 128",
            "warden.trusted-proxies | '127.0.0.1, proxy.local' | 'proxy.local' is not an IP address or a CIDR range",
            "warden.cors.allowed-origins | https://app.example.com/ui | 'https://app.example.com/ui' is not an origin",
            "warden.cors.allowed-origins | * | '*' is not accepted"})
    void aValueThatIsNotValidIsNamedWithItsKeyAndWhatIsExpected(String key, String value, String expected) {
        List<String> problems = problems(Map.of(key, value));
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith(key + " is '" + value + "': " + expected), problems.get(0));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "warden.jwt.access-token-ttl | PT5M", "warden.session.retention | PT0S", "warden.lockout.duration | PT0S",
            "warden.audit.retention | P365D", "warden.jwt.algorithm | ES256", "warden.password.bcrypt-cost | 4",
            "warden.password.history | 0", "warden.api-keys.max-per-user | 0", "warden.password.max-concurrent-hashes | 0",
            "warden.password.require-digit | FALSE", "warden.password.require-digit | yes",
            "warden.registration.enabled | on", "warden.registration.enabled | 0", "warden.mail.smtp.port | 465",
            "warden.public-url | https://auth.example.com/warden/", "warden.public-url | http://localhost:8080",
            "warden.trusted-proxies | '10.0.0.0/8, 192.168.1.7, fd00::/8'", "warden.api-keys.prefix | acme_", "warden.rate-limit.auth-per-minute | 0",
            "warden.alerts.failed-logins-per-address | 0", "warden.client-ipv6-prefix | 56", "warden.proxy-header | forwarded",
            "warden.client-ipv6-prefix | 128", "warden.cors.allowed-origins | 'https://app.example.com, http://localhost:3000'"})
    void aValidValueIsPassed(String key, String value) {
        assertEquals(List.of(), problems(Map.of(key, value)));
    }

    /** MicroProfile Config's rule: an empty value is no value, and the default applies. */
    @Test
    void aBlankValueIsNotSet() {
        assertEquals(List.of(), problems(Map.of("warden.jwt.access-token-ttl", "", "warden.password.bcrypt-cost", "  ",
                "warden.jwt.algorithm", "")));
    }

    @Test
    void aMinimumLengthAboveTheMaximumIsRefusedWithTheDefaultsCounted() {
        assertEquals(List.of("warden.password.min-length (200) is above warden.password.max-length (128): "
                + "no password could be set"), problems(Map.of("warden.password.min-length", "200")));
        assertEquals(List.of("warden.password.min-length (12) is above warden.password.max-length (8): "
                + "no password could be set"), problems(Map.of("warden.password.max-length", "8")));
        assertEquals(List.of(), problems(Map.of("warden.password.min-length", "8", "warden.password.max-length", "8")));
        assertEquals(List.of("warden.password.min-length is 'twelve': must be a whole number of 1 or more"),
                problems(Map.of("warden.password.min-length", "twelve", "warden.password.max-length", "8")),
                "a value that is no number is not compared");
    }

    @Test
    void everyProblemIsListedInOneRefusal() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> SettingRules.check(key ->
                Optional.ofNullable(Map.of("warden.jwt.access-token-ttl", "PT0S", "warden.jwt.algorithm", "HS256",
                        "warden.password.bcrypt-cost", "40").get(key))));
        assertEquals("""
                Warden does not start: 3 settings are not valid (README, Settings):
                  warden.jwt.algorithm is 'HS256': must be RS256 or ES256
                  warden.jwt.access-token-ttl is 'PT0S': must be an ISO-8601 duration longer than zero, such as PT15M, PT12H or P7D
                  warden.password.bcrypt-cost is '40': must be a whole number from 4 to 31""", refused.getMessage());
        SettingRules.check(key -> Optional.empty());
    }

    @Test
    void anAccessTokenLifetimeAboveAnHourIsWarnedAbout() {
        assertEquals(List.of("warden.jwt.access-token-ttl is PT8H: after a logout, a revocation or a role change, "
                + "services that verify Warden's tokens themselves (with the JWKS) still accept the old token for up to "
                + "that long; Warden itself refuses it at once. The spec's default is PT15M"),
                SettingRules.warnings(key -> Optional.ofNullable(Map.of("warden.jwt.access-token-ttl", "PT8H").get(key))));
        for (String fine : new String[] {"PT1H", "PT15M", "abc"}) {
            assertEquals(List.of(), SettingRules.warnings(key -> Optional.ofNullable(
                    Map.of("warden.jwt.access-token-ttl", fine).get(key))), fine);
        }
        assertEquals(List.of(), SettingRules.warnings(key -> Optional.empty()));
    }

    /** A secret: the problem names the key's place and length, never the key. */
    @Test
    void aStaticKeyShorterThanSixteenCharactersIsRefusedWithoutShowingIt() {
        List<String> problems = problems(Map.of("warden.legacy-api-keys", "0123456789abcdefXYZ, s3cr3t-key ,"));
        assertEquals(List.of("warden.legacy-api-keys: key 2 of 2 has 10 characters; a static key must have at least 16 "
                + "(make one with: openssl rand -base64 24)"), problems);
        assertTrue(problems.stream().noneMatch(p -> p.contains("s3cr3t")));
        assertEquals(List.of(), problems(Map.of("warden.legacy-api-keys", "0123456789abcdef, Zm9vYmFyYmF6cXV4cXV1eA==")));
    }

    /** What a problem shows of a value: only public settings, and never a control character unescaped. */
    @Test
    void onlyPublicSettingsAreCheckedAndTheirValuesShownPrintable() {
        for (String key : SettingRules.keys()) {
            assertTrue(Settings.PUBLIC.contains(key), key + " is listed as a public setting");
        }
        List<String> problems = problems(Map.of("warden.jwt.issuer", "x", "warden.mfa.token-ttl", "PT5M\r\nforged: line"));
        assertEquals(List.of("warden.mfa.token-ttl is 'PT5M\\u000d\\u000aforged: line': must be an ISO-8601 duration "
                + "longer than zero, such as PT15M, PT12H or P7D"), problems);
        assertEquals("x".repeat(100) + "...", SettingRules.printable("x".repeat(500)));
    }
}
