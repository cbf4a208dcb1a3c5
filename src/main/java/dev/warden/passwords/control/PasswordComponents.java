package dev.warden.passwords.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import dev.warden.platform.control.RequestActivity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Builds the password pieces from the settings. They are plain classes so that the
 * create-admin command-line tool uses the very same rules outside the server.
 */
@ApplicationScoped
public class PasswordComponents {

    @Inject
    @ConfigProperty(name = "warden.password.bcrypt-cost", defaultValue = "12")
    int bcryptCost;
    @Inject
    @ConfigProperty(name = "warden.password.min-length", defaultValue = "12")
    int minLength;
    @Inject
    @ConfigProperty(name = "warden.password.max-length", defaultValue = "128")
    int maxLength;
    @Inject
    @ConfigProperty(name = "warden.password.require-uppercase", defaultValue = "true")
    boolean upper;
    @Inject
    @ConfigProperty(name = "warden.password.require-lowercase", defaultValue = "true")
    boolean lower;
    @Inject
    @ConfigProperty(name = "warden.password.require-digit", defaultValue = "true")
    boolean digit;
    @Inject
    @ConfigProperty(name = "warden.password.require-special", defaultValue = "true")
    boolean special;
    /**
     * Concurrent bcrypt checks; default (0): half the cores, at least one, and every core
     * while no request with credentials came for {@value #QUIET_MILLIS} ms.
     */
    @Inject
    @ConfigProperty(name = "warden.password.max-concurrent-hashes", defaultValue = "0")
    int maxConcurrent;
    @Inject
    @ConfigProperty(name = "warden.password.max-queued-hashes", defaultValue = "16")
    int maxQueued;

    static final long QUIET_MILLIS = 200;

    @Inject
    RequestActivity activity;

    @Produces
    @Singleton
    PasswordHasher hasher() {
        return new PasswordHasher(bcryptCost);
    }

    @Produces
    @Singleton
    PasswordPolicy policy() {
        return new PasswordPolicy(new PasswordPolicy.Settings(minLength, maxLength, upper, lower, digit, special),
                CommonPasswords.load());
    }

    @Produces
    @Singleton
    HashingGate gate() {
        if (maxConcurrent > 0) {
            return new HashingGate(maxConcurrent, maxQueued, 10_000);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int permits = Math.max(1, cores / 2);
        return new HashingGate(permits, cores - permits, () -> activity.quietFor(QUIET_MILLIS), maxQueued, 10_000);
    }
}
