package dev.warden.passwords.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
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
    /** Concurrent bcrypt checks; default: half the cores, at least one. */
    @Inject
    @ConfigProperty(name = "warden.password.max-concurrent-hashes", defaultValue = "0")
    int maxConcurrent;
    @Inject
    @ConfigProperty(name = "warden.password.max-queued-hashes", defaultValue = "16")
    int maxQueued;

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
        int permits = maxConcurrent > 0 ? maxConcurrent : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        return new HashingGate(permits, maxQueued, 10_000);
    }
}
