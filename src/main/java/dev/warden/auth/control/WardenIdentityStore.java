package dev.warden.auth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import java.util.Set;

/**
 * The Jakarta Security identity store for passwords: a thin adapter over
 * {@link CredentialsService}. Wrong credentials become INVALID_RESULT; a locked,
 * disabled or unverified account is not a credential question and its exception
 * reaches the caller as it is. Keeps both validation types, or groups are dropped
 * (PLATFORM-NOTES 6). The caller name is the user id.
 */
@ApplicationScoped
public class WardenIdentityStore implements IdentityStore {

    @Inject
    CredentialsService credentials;

    /**
     * Dispatches by type here: the interface's default finds {@code validate(TheType)} with a
     * method-handle lookup on every call, which fails (with an exception) for other stores' types.
     */
    @Override
    public CredentialValidationResult validate(Credential credential) {
        return credential instanceof UsernamePasswordCredential password ? validate(password)
                : CredentialValidationResult.NOT_VALIDATED_RESULT;
    }

    public CredentialValidationResult validate(UsernamePasswordCredential credential) {
        try {
            CredentialsService.Authenticated user = credentials.authenticate(
                    credential.getCaller(), credential.getPasswordAsString());
            String id = user.userId().toString();
            return new CredentialValidationResult(null, id, null, id, Set.of(user.role().value()));
        } catch (CredentialsService.InvalidCredentials e) {
            return CredentialValidationResult.INVALID_RESULT;
        }
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return Set.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
    }
}
