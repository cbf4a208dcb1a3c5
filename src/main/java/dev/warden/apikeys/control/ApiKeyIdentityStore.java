package dev.warden.apikeys.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;

import java.util.Set;

/**
 * The Jakarta Security identity store for API keys: a per-user key acts as its owner
 * (caller name = user id) with the owner's role; a legacy static key acts as
 * {@link #LEGACY_CALLER} with the configured role. Because the result goes to the
 * container like a verified JWT does, {@code @RolesAllowed} checks both the same way.
 * <p>
 * It comes first ({@link #priority()}): an API key is checked on every request that
 * carries one, and the container asks the stores in order until one says valid.
 */
@ApplicationScoped
public class ApiKeyIdentityStore implements IdentityStore {

    /** The caller name of requests made with a legacy static key. */
    public static final String LEGACY_CALLER = "legacy-api-key";

    @Inject
    ApiKeyAuthenticator keys;

    @Inject
    LegacyApiKeys legacy;

    /**
     * Dispatches by type here: the interface's default finds {@code validate(TheType)} with a
     * method-handle lookup on every call (~5 % of an API-key GET).
     */
    @Override
    public CredentialValidationResult validate(Credential credential) {
        return credential instanceof ApiKeyCredential key ? validate(key) : CredentialValidationResult.NOT_VALIDATED_RESULT;
    }

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
    public int priority() {
        return 10; // before the password store and MicroProfile JWT's (100)
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return Set.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS); // PLATFORM-NOTES 6
    }
}
