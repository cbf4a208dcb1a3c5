package dev.warden.apikeys.control;

import jakarta.security.enterprise.credential.Credential;

/** An {@code X-API-Key} header value, as handed to the identity stores. */
public record ApiKeyCredential(String key) implements Credential {

    @Override
    public String toString() {
        return "ApiKeyCredential[****]";
    }
}
