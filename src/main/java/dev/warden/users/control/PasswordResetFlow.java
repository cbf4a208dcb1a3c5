package dev.warden.users.control;

import dev.warden.passwords.control.HashingGate;
import dev.warden.passwords.control.PasswordHasher;
import dev.warden.passwords.control.PasswordHistories;
import dev.warden.passwords.control.PasswordPolicy;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.WardenException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.regex.Pattern;

/**
 * forgot-password and reset-password (SPEC 5.1). The reset checks the new password against
 * the whole policy (history included) before the token is used, and hashes it outside any
 * transaction; then {@link PasswordResetTokens#reset} uses the token and sets it at once.
 */
@ApplicationScoped
public class PasswordResetFlow {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");

    @Inject
    PasswordResetTokens tokens;

    @Inject
    PasswordHistories histories;

    @Inject
    PasswordPolicy policy;

    @Inject
    PasswordHasher hasher;

    @Inject
    HashingGate gate;

    @Inject
    @ConfigProperty(name = "warden.password.history", defaultValue = "3")
    int history;

    /** Always returns normally: known or not, the caller answers the same. */
    public void forgot(String email) {
        tokens.request(email);
    }

    public void reset(String token, String newPassword) {
        if (token == null || !TOKEN.matcher(token).matches()) {
            throw invalidToken();
        }
        PasswordResetTokens.Pending pending = tokens.pending(token).orElseThrow(PasswordResetFlow::invalidToken);
        List<String> recent = histories.recentHashes(pending.userId(), history);
        policy.check("new_password", newPassword, pending.username(), pending.email(),
                candidate -> gate.run(() -> recent.stream().anyMatch(old -> hasher.verify(candidate, old))));
        String hash = gate.run(() -> hasher.hash(newPassword));
        if (!tokens.reset(token, pending, hash, history)) {
            throw invalidToken();
        }
    }

    static WardenException invalidToken() {
        return ErrorCode.INVALID_TOKEN.exception("The reset link is invalid, expired or already used; ask for a new one");
    }
}
