package dev.warden.auth.control;

import dev.warden.lockout.control.PasswordCheck;
import dev.warden.twofactor.control.MfaChallenges;
import dev.warden.twofactor.control.SecondFactors;
import java.util.Set;
import dev.warden.audit.entity.EventType;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.control.RequestInfo;
import dev.warden.platform.problem.WardenException;
import dev.warden.sessions.control.RefreshRotation;
import dev.warden.sessions.control.SessionService;
import dev.warden.users.entity.Role;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;

import java.time.Instant;
import java.util.UUID;

/** Login, refresh and logout: sessions plus the tokens that go with them. */
@ApplicationScoped
public class AuthService {

    /** The refusals that are failed logins (SPEC 5.4 login reasons); a 429 or a 503 is not. */
    static final Set<ErrorCode> LOGIN_FAILURES = Set.of(ErrorCode.INVALID_CREDENTIALS, ErrorCode.ACCOUNT_LOCKED,
            ErrorCode.ACCOUNT_DISABLED, ErrorCode.EMAIL_NOT_VERIFIED);

    /** What a right password leads to: tokens, or the second step for a user with 2FA. */
    public sealed interface LoginResult permits IssuedTokens, MfaRequired {
    }

    public record IssuedTokens(String accessToken, String refreshToken, long expiresIn, long refreshExpiresIn)
            implements LoginResult {
    }

    public record MfaRequired(String mfaToken, long expiresIn) implements LoginResult {
    }

    @Inject
    SecondFactors secondFactors;

    @Inject
    MfaChallenges challenges;

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    SessionService sessions;

    @Inject
    RefreshRotation rotations;

    @Inject
    AccessTokenIssuer tokens;



    @Inject
    VerifiedPassword verified;

    @Inject
    LoginCompletion completion;


    public LoginResult login(String login, String password, RequestInfo client) {
        CredentialValidationResult result;
        try {
            result = identityStores.validate(new UsernamePasswordCredential(login, new Password(password)));
        } catch (RuntimeException e) {
            failed(login, e);
            throw e;
        }
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            CredentialsService.InvalidCredentials invalid = new CredentialsService.InvalidCredentials();
            failed(login, invalid);
            throw invalid;
        }
        UUID userId = UUID.fromString(result.getCallerUniqueId());
        if (secondFactors.enabled(userId)) {
            MfaChallenges.Opened challenge = challenges.open(userId, verified.versionOf(userId));
            return new MfaRequired(challenge.token(), challenge.expiresIn());
        }
        SessionService.Opened opened;
        try {
            opened = completion.open(userId, verified.versionOf(userId), client, EventType.LOGIN);
        } catch (WardenException e) {
            failed(login, e);
            throw e;
        }
        return tokensFor(userId, opened.username(), opened.role(), opened.session().id(),
                opened.session().expiresAt(), opened.refreshToken(),
                opened.refreshExpiresIn());
    }

    /**
     * The second step of a login: the session opens exactly as after a password login (the
     * same token answer, session record and login event), plus a login_mfa event.
     */
    public IssuedTokens loginWithSecondFactor(String mfaToken, String code, String backupCode, RequestInfo client) {
        MfaChallenges.Attempt attempt = challenges.attempt(mfaToken, code, backupCode);
        if (attempt instanceof MfaChallenges.Attempt.Passed passed) {
            SessionService.Opened opened = completion.openAfterSecondFactor(passed.userId(), passed.passwordVersion(),
                    client, passed.method());
            return tokensFor(passed.userId(), opened.username(), opened.role(), opened.session().id(),
                    opened.session().expiresAt(), opened.refreshToken(), opened.refreshExpiresIn());
        }
        if (attempt instanceof MfaChallenges.Attempt.Locked locked) {
            throw PasswordCheck.locked(locked.until());
        }
        if (attempt instanceof MfaChallenges.Attempt.WrongCode) {
            throw ErrorCode.INVALID_CODE.exception("The code is wrong, expired or already used");
        }
        throw ErrorCode.MFA_TOKEN_INVALID.exception();
    }

    /** Records a login refused for one of the spec's reasons (LoginCompletion.refused). */
    private void failed(String login, RuntimeException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof WardenException refusal && LOGIN_FAILURES.contains(refusal.errorCode())) {
                completion.refused(login, refusal.code());
                return;
            }
        }
    }

    public IssuedTokens refresh(String refreshToken, RequestInfo client) {
        RefreshRotation.Rotation rotation = rotations.rotate(refreshToken, client);
        if (rotation instanceof RefreshRotation.Rotation.Rotated rotated) {
            User user = rotated.user();
            return tokensFor(user.id(), user.username(), user.role(), rotated.sessionId(), rotated.sessionExpiresAt(),
                    rotated.refreshToken(), rotated.refreshExpiresIn());
        }
        if (rotation instanceof RefreshRotation.Rotation.Reused) {
            throw ErrorCode.REFRESH_TOKEN_REUSED.exception(
                    "This refresh token was already used; the session has been revoked");
        }
        throw invalidRefresh();
    }

    /** Ends the caller's session, and the session of a refresh token of the same user if one is given. */
    public void logout(UUID userId, UUID sessionId, String refreshToken) {
        sessions.revoke(sessionId, "logout");
        if (refreshToken != null && !refreshToken.isBlank()) {
            sessions.sessionOfRefreshToken(refreshToken)
                    .filter(s -> s.userId().equals(userId))
                    .ifPresent(s -> sessions.revoke(s.id(), "logout"));
        }
    }

    public void logoutAll(UUID userId) {
        sessions.revokeAll(userId, "logout_all");
    }

    private IssuedTokens tokensFor(UUID userId, String username, Role role, UUID sessionId, Instant sessionExpiresAt,
                                   String refreshToken, long refreshExpiresIn) {
        AccessTokenIssuer.AccessToken access = tokens.issue(userId, username, role, sessionId, sessionExpiresAt);
        long refreshSeconds = Math.max(0, refreshExpiresIn);
        return new IssuedTokens(access.value(), refreshToken, access.expiresIn(), refreshSeconds);
    }

    private static WardenException invalidRefresh() {
        return ErrorCode.REFRESH_TOKEN_INVALID.exception();
    }
}
