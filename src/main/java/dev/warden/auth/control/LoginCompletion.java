package dev.warden.auth.control;

import dev.warden.users.entity.User;
import dev.warden.users.control.Users;
import dev.warden.audit.control.Audit;
import dev.warden.audit.control.Audited;
import dev.warden.audit.entity.EventType;
import dev.warden.platform.control.RequestInfo;
import dev.warden.sessions.control.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.UUID;

/**
 * The transactions that end a login: the session of a successful one with its record, or
 * the record of a refused one, in a transaction of its own (the login's rolled back, or
 * never was).
 */
@ApplicationScoped
public class LoginCompletion {

    @Inject
    SessionService sessions;

    @Inject
    Audit audit;

    @Inject
    Users users;

    @Inject
    java.time.Clock clock;

    @Transactional
    public SessionService.Opened open(UUID userId, int passwordVersion, RequestInfo client, EventType type) {
        SessionService.Opened opened = sessions.open(userId, passwordVersion, client);
        audit.record(Audited.success(type).actor(userId).target(userId).with("session_id", opened.session().id()));
        return opened;
    }

    /** A login completed by its second step: the same session and login event, and login_mfa. */
    @Transactional
    public SessionService.Opened openAfterSecondFactor(UUID userId, int passwordVersion, RequestInfo client,
                                                       String method) {
        SessionService.Opened opened = open(userId, passwordVersion, client, EventType.LOGIN);
        users.recordLogin(userId, clock.instant(), null, null);
        audit.record(Audited.success(EventType.LOGIN_MFA).actor(userId).target(userId).with("method", method)
                .with("session_id", opened.session().id()));
        return opened;
    }

    /**
     * Records a refused login: the user it was for if the name is one (the trail is not the
     * client, so this reveals nothing), and the reason. Not the name sent: it may be a
     * mistyped password.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void refused(String login, String reason) {
        UUID target = users.findByLogin(login == null ? "" : login).map(User::id).orElse(null);
        audit.record(Audited.failure(EventType.LOGIN).target(target).with("reason", reason)
                .with("known_user", target != null));
    }
}
