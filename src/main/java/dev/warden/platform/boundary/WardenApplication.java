package dev.warden.platform.boundary;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Map;
import org.eclipse.microprofile.auth.LoginConfig;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeIn;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The REST API under {@code /api/v1}. Must be a CDI bean, or Payara does not discover
 * {@code @LoginConfig} and MicroProfile JWT stays off (PLATFORM-NOTES 5).
 */
@ApplicationScoped
@ApplicationPath("api/v1")
@LoginConfig(authMethod = "MP-JWT", realmName = "warden")
@DeclareRoles({"admin", "analyst", "viewer"})
@OpenAPIDefinition(info = @Info(title = "Warden", version = "1",
        description = """
                Authentication and authorization service. Errors are application/problem+json \
                (RFC 9457) with a stable `code`: bad_request, validation_failed, malformed_json, weak_password, \
                invalid_code (a wrong, expired or already used 2FA or backup code), invalid_token (a \
                password-reset or verification token that is unknown, expired or used), invalid_credentials, \
                mfa_token_invalid, account_locked (with locked_until; null means until an admin \
                unlocks), account_disabled, email_not_verified, refresh_token_invalid, \
                refresh_token_reused, unauthorized, forbidden, session_required (an API key cannot manage \
                credentials or end a login session), reauthentication_required (creating an API key or \
                turning 2FA on needs a login of the last warden.session.recent-login, default 5 minutes: log \
                in again and repeat), not_found, conflict, last_admin, \
                api_key_limit_reached, \
                method_not_allowed, not_acceptable, unsupported_media_type, payload_too_large, uri_too_long, \
                headers_too_large (the limits: README, "Hostile input"), rate_limited, \
                service_unavailable (the database is unreachable; with Retry-After), \
                internal_error (with incident_id). Bodies are JSON with snake_case members; unknown members \
                are refused. Warden speaks HTTP/1.1 (an Upgrade such as h2c is ignored); a path with a . or .. \
                segment, a bad %-escape or an encoded NUL is a 400 bad_request. Pages of another origin may \
                call the API from a browser where warden.cors.allowed-origins lists that origin (CORS without \
                cookies: tokens and API keys go in headers the page sets; a preflight from an \
                unlisted origin, or for a method or header the API does not use, is a 403 forbidden). This \
                document is generated from the code (dev.warden.docs)."""),
        tags = {
            @Tag(name = "Authentication", description = "Login, refresh, logout, the caller, the public keys"),
            @Tag(name = "Self-service", description = "The caller's own password"),
            @Tag(name = "API keys", description = "The caller's own API keys"),
            @Tag(name = "Sessions", description = "The caller's own login sessions"),
            @Tag(name = "Two-factor", description = "The caller's second factor: TOTP and backup codes"),
            @Tag(name = "Users", description = "User administration: users, their sessions and API keys (admin)"),
            @Tag(name = "Alerts", description = "Alerts Warden raises about suspicious activity"),
            @Tag(name = "Reports", description = "Saved audit queries, as JSON or CSV"),
            @Tag(name = "Audit", description = "The audit trail of security events (admin)"),
            @Tag(name = "System", description = "Operating Warden (admin)")
        })
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
@SecurityScheme(securitySchemeName = "apiKey", type = SecuritySchemeType.APIKEY, in = SecuritySchemeIn.HEADER,
        apiKeyName = "X-API-Key", description = "A per-user API key (acts as its owner with the owner's role), or a "
        + "deprecated legacy static key from warden.legacy-api-keys (answers carry Deprecation: true)")
public class WardenApplication extends Application {

    /** Jersey's WADL (application.wadl, OPTIONS bodies) would be a second, untrue description of the API. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
