package dev.warden.auth.boundary;

import dev.warden.auth.control.AuthService;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * The answer to a right password of a user with 2FA (SPEC 5.1): no tokens yet, but an
 * mfa_token for POST /auth/login/mfa, valid mfa_expires_in seconds.
 */
@JsonbPropertyOrder({"mfaRequired", "mfaToken", "mfaExpiresIn"})
public record MfaChallengeResponse(boolean mfaRequired, String mfaToken, long mfaExpiresIn) {

    static MfaChallengeResponse of(AuthService.MfaRequired required) {
        return new MfaChallengeResponse(true, required.mfaToken(), required.expiresIn());
    }
}
