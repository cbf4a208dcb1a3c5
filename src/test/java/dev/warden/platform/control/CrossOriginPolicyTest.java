package dev.warden.platform.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossOriginPolicyTest {

    private static CrossOriginPolicy with(String setting) {
        CrossOriginPolicy policy = new CrossOriginPolicy();
        policy.setting = Optional.ofNullable(setting);
        return policy;
    }

    @Test
    void originsAreKeptAsBrowsersSendThem() {
        assertEquals(Set.of("https://app.example.com", "http://localhost:3000", "https://admin.example.com:8443"),
                CrossOriginPolicy.parse("HTTPS://App.Example.com:443/, http://localhost:3000\n https://admin.example.com:8443"));
        assertEquals(Set.of("http://ui.example"), CrossOriginPolicy.parse("http://ui.example:80"));
        assertEquals(Set.of(), CrossOriginPolicy.parse(" , "));
    }

    @Test
    void offUnlessOriginsAreListed() {
        assertFalse(with(null).enabled());
        assertFalse(with("").enabled());
        CrossOriginPolicy policy = with("https://app.example.com");
        assertTrue(policy.enabled());
        assertTrue(policy.allows("https://app.example.com"));
        for (String other : new String[] {"https://app.example.com.evil.example", "http://app.example.com",
                "https://app.example.com:8443", "https://APP.example.com", "null", ""}) {
            assertFalse(policy.allows(other), other);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"app.example.com", "https://app.example.com/ui", "https://app.example.com?x=1",
            "https://user@app.example.com", "ftp://app.example.com", "null", "https://", "file:///tmp/x"})
    void whatIsNotAnOriginIsRefusedNamingIt(String entry) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> CrossOriginPolicy.parse("https://ok.example, " + entry));
        assertTrue(refused.getMessage().startsWith("'" + entry + "' is not an origin: scheme, host and port only"),
                refused.getMessage());
    }

    @Test
    void aWildcardIsRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CrossOriginPolicy.parse("*")).getMessage()
                .startsWith("'*' is not accepted: list the origins"));
    }
}
