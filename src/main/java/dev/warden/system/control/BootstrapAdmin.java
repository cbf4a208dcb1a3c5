package dev.warden.system.control;

import dev.warden.passwords.control.PasswordHasher;
import dev.warden.platform.db.Database;
import dev.warden.platform.problem.FieldError;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.control.UserService;
import dev.warden.users.control.Users;
import dev.warden.users.entity.Role;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Creates the first admin from {@code warden.bootstrap.admin.*} when no active admin
 * exists, as Keycloak's bootstrap admin does. The password must pass the policy; it is
 * never logged. With an admin present the settings are ignored, so they can stay set.
 * <p>
 * The documented development admin ({@value #DEV_USERNAME} / the README's password) is
 * only made for the embedded database, the zero-setup first run, so the run command
 * needs no password on its command line. With any other database the password must be
 * set; without it no admin is created and the log says how to make one. While an admin
 * still has the documented password, every start says so at WARNING.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class.getName());
    static final String DEV_USERNAME = "admin";
    static final String DEV_EMAIL = "admin@example.com";
    static final String DEV_PASSWORD = "Change#Me-2026";
    /** The start-up check costs one bcrypt per admin: a few at most. */
    private static final int ADMINS_CHECKED = 3;

    @Inject
    @ConfigProperty(name = "warden.bootstrap.admin.username")
    Optional<String> username;

    @Inject
    @ConfigProperty(name = "warden.bootstrap.admin.email")
    Optional<String> email;

    @Inject
    @ConfigProperty(name = "warden.bootstrap.admin.password")
    Optional<String> password;

    @Inject
    Users users;

    @Inject
    UserService userService;

    @Inject
    PasswordHasher hasher;

    public void run() {
        boolean embedded = Database.embedded(Database.url());
        Optional<Made> made = Optional.empty();
        if (!users.activeAdminExists()) {
            made = create(embedded);
        }
        warnAboutTheDevelopmentPassword(made);
    }

    /** The admin this start made, and whether with the documented password. */
    private record Made(String username, boolean withTheDefault) {
    }

    private Optional<Made> create(boolean embedded) {
        Optional<String> name = username.filter(v -> !v.isBlank()).or(() -> embedded ? Optional.of(DEV_USERNAME) : Optional.empty());
        Optional<String> mail = email.filter(v -> !v.isBlank()).or(() -> embedded ? Optional.of(DEV_EMAIL) : Optional.empty());
        Optional<String> secret = password.filter(v -> !v.isBlank()).or(() -> embedded ? Optional.of(DEV_PASSWORD) : Optional.empty());
        if (name.isEmpty() || mail.isEmpty() || secret.isEmpty()) {
            LOG.warning("No active admin exists and none was created: set warden.bootstrap.admin.username, .email and "
                    + ".password (e.g. WARDEN_BOOTSTRAP_ADMIN_PASSWORD), or run the create-admin tool "
                    + "(mvn -q -Pcreate-admin, see README). The development default is only used with the embedded "
                    + "database.");
            return Optional.empty();
        }
        try {
            userService.create(new UserService.NewUser(name.get(), mail.get(), secret.get(), Role.ADMIN, true));
            LOG.info("Created the bootstrap admin " + name.get());
            return Optional.of(new Made(name.get(), secret.get().equals(DEV_PASSWORD)));
        } catch (WardenException e) {
            if (users.activeAdminExists()) {
                // instances started together on an empty database (an orchestrator's
                // replicas): each found no admin, one made it, this one's insert collided
                LOG.info("The bootstrap admin " + name.get() + " was created by another instance starting at the same time");
                return Optional.empty();
            }
            LOG.severe("Bootstrap admin not created (" + e.code() + "): " + e.getMessage()
                    + e.errors().stream().map(FieldError::message).collect(Collectors.joining("; ", " - ", "")));
            return Optional.empty();
        }
    }

    /**
     * Logs a warning for every active admin (of the first few) whose password is still the
     * documented default. The bcrypt checks (~280 ms each at cost 12) run beside start-up,
     * not on its path: they only decide a log line. The admin this start has just made needs
     * no check: which password it was made with is known.
     */
    private void warnAboutTheDevelopmentPassword(Optional<Made> made) {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (User admin : users.activeAdmins(ADMINS_CHECKED)) {
            hashes.put(admin.username(), admin.passwordHash());
        }
        made.ifPresent(admin -> {
            if (hashes.remove(admin.username()) != null && admin.withTheDefault()) {
                warnAbout(admin.username());
            }
        });
        if (hashes.isEmpty()) {
            return;
        }
        CompletableFuture.runAsync(() -> hashes.forEach((username, hash) -> {
            if (hasher.verify(DEV_PASSWORD, hash)) {
                warnAbout(username);
            }
        }));
    }

    private static void warnAbout(String username) {
        LOG.warning("The admin " + username + " still has the documented default password: change it "
                + "(POST /api/v1/users/me/change-password) before this instance is reachable by anyone else.");
    }
}
