package dev.warden.auth.control;

import dev.warden.audit.control.Audit;
import dev.warden.audit.control.Audited;
import dev.warden.audit.entity.EventType;
import dev.warden.platform.control.RequestInfo;
import dev.warden.sessions.control.SessionService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.UUID;

/** Opens the session of a successful login and records the login, in one transaction. */
@ApplicationScoped
public class LoginCompletion {

    @Inject
    SessionService sessions;

    @Inject
    Audit audit;

    @Transactional
    public SessionService.Opened open(UUID userId, int passwordVersion, RequestInfo client, EventType type) {
        SessionService.Opened opened = sessions.open(userId, passwordVersion, client);
        audit.record(Audited.success(type).actor(userId).target(userId).with("session_id", opened.session().id()));
        return opened;
    }
}
