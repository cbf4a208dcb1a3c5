package dev.warden.mail.control;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PublicLinksTest {

    @Test
    void linksToLoopbackAreAConcernOnlyWhenMailsLeave() {
        for (String local : new String[] {"http://localhost:8080", "https://LOCALHOST", "http://127.0.0.1:8080", "http://[::1]:8080"}) {
            assertTrue(PublicLinks.concern(local, true).orElseThrow().startsWith("Mails are sent but warden.public-url is "
                    + local + ": the links"), local);
            assertEquals(Optional.empty(), PublicLinks.concern(local, false), "the development log: " + local);
        }
    }

    @Test
    void plainHttpToAnotherHostCarriesTokensInClear() {
        assertEquals(Optional.of("warden.public-url is http://auth.example.com: the links in mails carry password-reset "
                + "and address-check tokens over plain http; use https"), PublicLinks.concern("http://auth.example.com", true));
        assertEquals(Optional.empty(), PublicLinks.concern("https://auth.example.com/warden", true));
    }
}
