package dev.warden.lockout.control;

import dev.warden.passwords.control.HashingGate;
import dev.warden.passwords.control.PasswordHasher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Unknown names, native hashes and imported hashes of a lower cost cost the same bcrypt
 * work to refuse, counted here as the checks made (wall-clock timing is for the bench).
 */
class PasswordCheckTest {

    static final int CONFIGURED_COST = 5;
    final List<String> work = new ArrayList<>();
    final PasswordHasher hasher = new PasswordHasher(CONFIGURED_COST) {
        @Override
        public boolean verify(String password, String stored) {
            work.add("verify@" + costOfStored(stored));
            return super.verify(password, stored);
        }

        @Override
        public void verifyDummy(String password) {
            work.add("dummy");
            super.verifyDummy(password);
        }
    };
    PasswordCheck cut;

    @BeforeEach
    void wire() {
        cut = new PasswordCheck(new LoginAttempts() {
            @Override
            public Optional<Instant> lockedUntil(String loginKey) {
                return Optional.empty();
            }

            @Override
            public Failure recordFailure(String loginKey, java.util.UUID userId) {
                return new Failure(Outcome.COUNTED, null);
            }

            @Override
            public Optional<Instant> recordSuccess(String loginKey) {
                return Optional.empty();
            }
        }, hasher, new HashingGate(1, 4, 1000));
    }

    /** The bcrypt work of the refusal, ignoring which hash was checked. */
    private List<String> costs() {
        return work.stream().filter(w -> w.startsWith("verify@")).toList();
    }

    @Test
    void everyRefusalCostsAtLeastOneCheckAtTheConfiguredCost() {
        assertFalse(cut.check(null, Optional.empty(), "nobody", "Wrong#Password-1"));
        List<String> unknown = costs();
        work.clear();

        assertFalse(cut.check(null, Optional.of(hasher.hash("Correct#Horse-9")), "native", "Wrong#Password-1"));
        List<String> nativeHash = costs();
        work.clear();

        String imported = new PasswordHasher(4).hash("Correct#Horse-9");
        assertFalse(cut.check(null, Optional.of(imported), "imported", "Wrong#Password-1"));
        List<String> importedHash = costs();

        assertEquals(List.of("verify@" + CONFIGURED_COST), unknown);
        assertEquals(List.of("verify@" + CONFIGURED_COST), nativeHash);
        assertTrue(importedHash.contains("verify@" + CONFIGURED_COST), "padded: " + importedHash);
    }

    @Test
    void theRightPasswordOfACheaperHashStillPasses() {
        assertTrue(cut.check(null, Optional.of(new PasswordHasher(4).hash("Correct#Horse-9")), "imported", "Correct#Horse-9"));
    }
}
