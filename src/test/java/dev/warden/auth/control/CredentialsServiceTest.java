package dev.warden.auth.control;

import dev.warden.lockout.control.LoginAttempts;
import dev.warden.lockout.control.PasswordCheck;
import dev.warden.passwords.control.HashingGate;
import dev.warden.passwords.control.PasswordHasher;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.control.Users;
import dev.warden.users.entity.Role;
import dev.warden.users.entity.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The order of the credential checks (lockout, bcrypt or its dummy, the count, the
 * account state), which the HTTP tests cannot observe directly.
 */
class CredentialsServiceTest {

    final List<String> work = new ArrayList<>();
    final PasswordHasher hasher = new PasswordHasher(4) {
        @Override
        public boolean verify(String password, String stored) {
            work.add("verify");
            return super.verify(password, stored);
        }

        @Override
        public void verifyDummy(String password) {
            work.add("dummy");
            super.verifyDummy(password);
        }
    };
    final User alice = new User("alice", "alice@example.org", hasher.hash("Correct#Horse-9"), Role.VIEWER, true, Instant.now());
    Optional<Instant> lock = Optional.empty();
    CredentialsService cut;

    @BeforeEach
    void wire() {
        cut = new CredentialsService();
        HashingGate gate = new HashingGate(1, 4, 1000);
        cut.hasher = hasher;
        cut.gate = gate;
        cut.clock = Clock.systemUTC();
        cut.verified = new VerifiedPassword();
        cut.users = new Users() {
            @Override
            public Optional<User> findByLogin(String login) {
                return List.of("alice", "alice@example.org").contains(User.key(login)) ? Optional.of(alice) : Optional.empty();
            }

            @Override
            public void recordLogin(UUID id, Instant now, String verifiedHash, String upgradedHash) {
                work.add("login");
            }
        };
        cut.check = new PasswordCheck(new LoginAttempts() {
            @Override
            public Optional<Instant> lockedUntil(String loginKey) {
                return lock;
            }

            @Override
            public Failure recordFailure(String loginKey, java.util.UUID userId) {
                work.add("failure:" + loginKey);
                return new Failure(Outcome.COUNTED, null);
            }

            @Override
            public Optional<Instant> recordSuccess(String loginKey) {
                return Optional.empty();
            }
        }, hasher, gate);
        work.clear();
    }

    @Test
    void anUnknownNameCostsAFullBcryptCheckAndIsCounted() {
        assertThrows(CredentialsService.InvalidCredentials.class, () -> cut.authenticate("Mallory", "Guess#123456"));
        // the dummy check is a real bcrypt verification against a hash of the configured cost
        assertEquals(List.of("dummy", "verify", "failure:mallory"), work);
    }

    @Test
    void aWrongPasswordIsCheckedAndCounted() {
        assertThrows(CredentialsService.InvalidCredentials.class, () -> cut.authenticate("ALICE", "Guess#123456"));
        assertEquals(List.of("verify", "failure:alice"), work);
    }

    @Test
    void aLockedNameIsRefusedWithoutLookingAtThePassword() {
        lock = Optional.of(Instant.now().plusSeconds(600));
        WardenException refused = assertThrows(WardenException.class, () -> cut.authenticate("alice", "Correct#Horse-9"));
        assertEquals("account_locked", refused.code());
        assertEquals(List.of(), work);
    }

    @Test
    void theRightPasswordLogsIn() {
        assertEquals(alice.id(), cut.authenticate("alice@EXAMPLE.org", "Correct#Horse-9").userId());
        assertEquals(List.of("verify", "login"), work);
    }
}
