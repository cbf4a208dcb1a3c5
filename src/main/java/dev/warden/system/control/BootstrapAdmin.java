package dev.warden.system.control;

import dev.warden.platform.problem.FieldError;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.control.UserService;
import dev.warden.users.control.Users;
import dev.warden.users.entity.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Creates the first admin from {@code warden.bootstrap.admin.*} when no active admin
 * exists, as Keycloak's bootstrap admin does. The password must pass the policy; it is
 * never logged. With an admin present the settings are ignored, so they can stay set.
 */
@ApplicationScoped
public class BootstrapAdmin {

    private static final Logger LOG = Logger.getLogger(BootstrapAdmin.class.getName());

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

    public void run() {
        if (users.activeAdminExists()) {
            return;
        }
        if (username.isEmpty() || email.isEmpty() || password.isEmpty()) {
            LOG.warning("No active admin exists. Set warden.bootstrap.admin.username, .email and .password, "
                    + "or run the create-admin tool (see README).");
            return;
        }
        try {
            userService.create(new UserService.NewUser(username.get(), email.get(), password.get(), Role.ADMIN, true));
            LOG.info("Created the bootstrap admin " + username.get());
        } catch (WardenException e) {
            LOG.severe("Bootstrap admin not created (" + e.code() + "): " + e.getMessage()
                    + e.errors().stream().map(FieldError::message).collect(Collectors.joining("; ", " - ", "")));
        }
    }
}
