package dev.warden.platform.control;

import dev.warden.platform.problem.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Steps that would let a stolen access token outlast its session or shut the owner out
 * need a login of the last {@code warden.session.recent-login} (default five minutes, as
 * Keycloak's {@code max_auth_age} for credential changes, and GitHub's sudo mode): creating
 * an API key (a credential that stays after the token expires and the session ends) and
 * turning 2FA on (with the thief's authenticator, which also ends every other session).
 * The time is that of the login that opened the session; refreshing does not renew it.
 * Otherwise 403 {@code reauthentication_required}: the client logs in again (a new
 * session) and repeats the step. Steps that already ask for the password or a code of
 * the second factor (changing the password, turning 2FA off, new backup codes) do not.
 */
@ApplicationScoped
public class RecentLogin {

    @Inject
    @ConfigProperty(name = "warden.session.recent-login", defaultValue = "PT5M")
    Duration window;

    @Inject
    Clock clock;

    /** The caller's session if its login is recent enough for {@code step}; 403 otherwise. */
    public UUID require(Caller caller, String step) {
        UUID session = caller.requiredSessionId();
        if (clock.millis() - caller.loggedInAt() > window.toMillis()) {
            throw ErrorCode.REAUTHENTICATION_REQUIRED.exception(step + " needs a login of the last "
                    + minutes() + ": log in again and repeat it");
        }
        return session;
    }

    private String minutes() {
        long seconds = window.toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + (seconds == 60 ? " minute" : " minutes") : seconds + " seconds";
    }
}
