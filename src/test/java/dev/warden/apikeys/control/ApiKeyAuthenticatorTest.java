package dev.warden.apikeys.control;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A malformed or tampered key is refused without touching the database. */
class ApiKeyAuthenticatorTest {

    @Test
    void aTamperedKeyNeverReachesTheDatabase() {
        ApiKeyAuthenticator cut = new ApiKeyAuthenticator();
        cut.format = new ApiKeyFormat("wdn_");
        cut.em = null; // any query would fail with a NullPointerException
        cut.usage = null;
        String key = cut.format.generate();
        String flipped = key.substring(0, 10) + (key.charAt(10) == 'a' ? 'b' : 'a') + key.substring(11);
        assertEquals(Optional.empty(), cut.authenticate(flipped));
        assertEquals(Optional.empty(), cut.authenticate("wdn_short"));
        assertEquals(Optional.empty(), cut.authenticate(null));
    }
}
