package dev.warden.users.control;

import java.util.List;
import java.util.ArrayList;
import dev.warden.audit.entity.EventType;
import dev.warden.audit.control.Audited;
import dev.warden.audit.control.Audit;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.lockout.control.LoginAttempts;
import dev.warden.passwords.control.HashingGate;
import dev.warden.passwords.control.PasswordHasher;
import dev.warden.passwords.control.PasswordPolicy;
import dev.warden.platform.db.AppLock;
import dev.warden.platform.db.UniqueViolation;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.entity.Role;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.UUID;

/**
 * The rules of user administration. Anything that could leave the service without an
 * active admin takes the cluster-wide "admins" row lock first, so two admins demoting
 * each other at the same moment cannot both succeed.
 */
@ApplicationScoped
public class UserService {

    public record NewUser(String username, String email, String password, Role role, boolean emailVerified) {
    }

    public record Change(String email, Role role, Boolean active) {
    }

    @Inject
    UserDirectory directory;

    @Inject
    Registrations registrations;

    @PersistenceContext
    EntityManager em;

    @Inject
    Users users;

    @Inject
    PasswordPolicy policy;

    @Inject
    PasswordHasher hasher;

    @Inject
    HashingGate gate;

    @Inject
    Event<UserAccessRevoked> accessRevoked;

    @Inject
    LoginAttempts attempts;

    @Inject
    UserWriter writer;

    @Inject
    Clock clock;

    @Inject
    Audit audit;

    /** Checks the policy and hashes outside any transaction (bcrypt is slow), then stores. */
    public User create(NewUser user) {
        policy.check("password", user.password(), user.username(), user.email(), null);
        String hash = gate.run(() -> hasher.hash(user.password()));
        return writer.insert(new User(user.username(), user.email(), hash, user.role(), user.emailVerified(),
                clock.instant()), Audited.success(EventType.USER_CREATED));
    }

    @Transactional
    public User update(UUID id, Change change) {
        User user = users.get(id);
        boolean losesAdmin = user.role() == Role.ADMIN && user.active()
                && ((change.role() != null && change.role() != Role.ADMIN)
                || Boolean.FALSE.equals(change.active()));
        if (losesAdmin) {
            requireAnotherActiveAdmin(user);
        }
        List<String> changed = new ArrayList<>();
        int retiredLinks = 0;
        if (change.email() != null && !User.key(change.email()).equals(user.emailKey())) {
            if (em.createQuery("select count(u) from User u where u.emailKey = :key", Long.class)
                    .setParameter("key", User.key(change.email())).getSingleResult() > 0) {
                throw WardenException.conflict("A user with this email already exists");
            }
            String oldAddress = user.email();
            user.changeEmail(change.email());
            changed.add("email");
            flush();
            retiredLinks = registrations.addressChanged(user, oldAddress, clock.instant());
        }
        UserAccessRevoked.Reason revoked = null;
        if (change.role() != null && change.role() != user.role()) {
            audit.record(Audited.success(EventType.ROLE_CHANGED).target(user.id())
                    .with("from", user.role().value()).with("to", change.role().value()));
            changed.add("role");
            user.changeRole(change.role());
            revoked = UserAccessRevoked.Reason.ROLE_CHANGED;
        }
        if (change.active() != null && change.active() != user.active()) {
            changed.add("is_active");
            user.changeActive(change.active());
            if (!change.active()) {
                revoked = UserAccessRevoked.Reason.DEACTIVATED;
            }
        }
        user.touch(clock.instant());
        flush();
        if (revoked != null) {
            accessRevoked.fire(UserAccessRevoked.of(user.id(), revoked));
        }
        Audited updated = Audited.success(EventType.USER_UPDATED).target(user.id()).with("changed", changed);
        audit.record(retiredLinks > 0 ? updated.with("links_retired", retiredLinks) : updated);
        directory.changed(user.id());
        return user;
    }

    @Transactional
    public void delete(UUID id) {
        User user = users.get(id);
        if (user.role() == Role.ADMIN && user.active()) {
            requireAnotherActiveAdmin(user);
        }
        attempts.clear(user.usernameKey());
        accessRevoked.fire(UserAccessRevoked.of(user.id(), UserAccessRevoked.Reason.DELETED));
        em.remove(user);
        flush();
        audit.record(Audited.success(EventType.USER_DELETED).target(id).with("username", user.username()));
        directory.changed(id);
    }

    @Transactional
    public User unlock(UUID id) {
        User user = users.get(id);
        attempts.clear(user.usernameKey());
        audit.record(Audited.success(EventType.USER_UNLOCKED).target(id));
        directory.changed(id);
        return user;
    }

    private void requireAnotherActiveAdmin(User user) {
        AppLock.acquire(em, AppLock.ADMINS);
        long others = em.createQuery(
                        "select count(u) from User u where u.role = :role and u.active = true and u.id <> :id", Long.class)
                .setParameter("role", Role.ADMIN).setParameter("id", user.id()).getSingleResult();
        if (others == 0) {
            throw ErrorCode.LAST_ADMIN.exception();
        }
    }

    private void flush() {
        try {
            em.flush();
        } catch (jakarta.persistence.OptimisticLockException e) {
            throw WardenException.conflict("The user was changed concurrently; retry");
        } catch (PersistenceException e) {
            if (UniqueViolation.of(e, User.UNIQUE_USERNAME, User.UNIQUE_EMAIL)) {
                throw WardenException.conflict("A user with this username or email already exists");
            }
            throw e;
        }
    }
}
