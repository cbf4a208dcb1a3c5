package dev.warden.apikeys.control;

import dev.warden.users.entity.Role;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Builds the API-key pieces from the settings. */
@ApplicationScoped
public class ApiKeyComponents {

    @Inject
    @ConfigProperty(name = "warden.api-keys.prefix", defaultValue = "wdn_")
    String prefix;

    @Inject
    @ConfigProperty(name = "warden.legacy-api-keys")
    Optional<String> legacyKeys;

    @Inject
    @ConfigProperty(name = "warden.legacy-api-keys.role", defaultValue = "viewer")
    String legacyRole;

    @Produces
    @Singleton
    ApiKeyFormat format() {
        return new ApiKeyFormat(prefix);
    }

    @Produces
    @Singleton
    LegacyApiKeys legacyKeys() {
        List<String> keys = legacyKeys.map(value -> Arrays.stream(value.split(","))
                .map(String::strip).filter(k -> !k.isEmpty()).toList()).orElse(List.of());
        Role role = Role.parse(legacyRole).orElseThrow(() -> new IllegalArgumentException(
                "warden.legacy-api-keys.role must be admin, analyst or viewer"));
        return new LegacyApiKeys(keys, role);
    }
}
