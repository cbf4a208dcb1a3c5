package dev.warden.users.control;

import dev.warden.passwords.control.HashingGate;
import dev.warden.passwords.control.PasswordHasher;
import dev.warden.passwords.control.PasswordPolicy;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.regex.Pattern;

/**
 * register and verify-email (SPEC 5.1). Registration is off unless
 * {@code warden.registration.enabled}; the password policy is checked and the hash made
 * outside any transaction, for an address with an account too, so both cost the same.
 */
@ApplicationScoped
public class RegistrationFlow {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    @Inject
    Registrations registrations;

    @Inject
    PasswordPolicy policy;

    @Inject
    PasswordHasher hasher;

    @Inject
    HashingGate gate;

    @Inject
    @ConfigProperty(name = "warden.registration.enabled", defaultValue = "false")
    boolean enabled;

    public User register(String username, String email, String password) {
        if (!enabled) {
            throw WardenException.notFound("Registration");
        }
        policy.check("password", password, username, email, null);
        String hash = gate.run(() -> hasher.hash(password));
        return registrations.register(username, email, hash);
    }

    public User verify(String token) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw invalidToken();
        }
        return registrations.verify(token).orElseThrow(RegistrationFlow::invalidToken);
    }

    private static WardenException invalidToken() {
        return ErrorCode.INVALID_TOKEN.exception("The verification link is invalid, expired or already used");
    }
}
