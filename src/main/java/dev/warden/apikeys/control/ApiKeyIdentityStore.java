package dev.warden.apikeys.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import java.util.Set;

/**
 * The Jakarta Security identity store for API keys: a per-user key acts as its owner
 * (caller name = user id) with the owner's role; a legacy static key acts as
 * {@link #LEGACY_CALLER} with the configured role. Because the result goes to the
 * container like a verified JWT does, {@code @RolesAllowed} checks both the same way.
 */
@ApplicationScoped
public class ApiKeyIdentityStore implements IdentityStore {

    /** The caller name of requests made with a legacy static key. */
    public static final String LEGACY_CALLER = "legacy-api-key";

    @Inject
    ApiKeyAuthenticator keys;

    @Inject
    LegacyApiKeys legacy;

    public CredentialValidationResult validate(ApiKeyCredential credential) {
        var owner = keys.authenticate(credential.key());
        if (owner.isPresent()) {
            return new CredentialValidationResult(new CallerPrincipal(owner.get().userId().toString()),
                    Set.of(owner.get().role().value()));
        }
        if (legacy.matches(credential.key())) {
            return new CredentialValidationResult(new CallerPrincipal(LEGACY_CALLER), Set.of(legacy.role().value()));
        }
        return CredentialValidationResult.INVALID_RESULT;
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return Set.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS); // PLATFORM-NOTES 6
    }
}
