package dev.warden.auth.boundary;

import dev.warden.apikeys.control.ApiKeyCredential;
import dev.warden.auth.control.VerifiedTokens;
import dev.warden.platform.db.DatabaseFailures;
import dev.warden.platform.db.DatabaseStatus;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;

import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * The one authentication mechanism of the application: an {@code X-API-Key} header is
 * checked by the identity stores ({@link ApiKeyCredential}); everything else goes to
 * the MicroProfile JWT mechanism the server installs for {@code @LoginConfig(MP-JWT)},
 * unchanged, except that a token it verified before is answered from {@link VerifiedTokens}
 * without verifying it again. Either way the container learns the caller and its groups the same way,
 * so {@code @RolesAllowed} is one check for bearer tokens and API keys alike.
 * <p>
 * It is an enabled alternative because Jakarta Security 3 resolves exactly one
 * mechanism; the server's JWT mechanism is looked up among the other beans of the type.
 * A request carrying both a bearer token and an API key is refused: which one would it
 * act as?
 */
@Alternative
@Priority(100)
@ApplicationScoped
public class CredentialsMechanism implements HttpAuthenticationMechanism {

    public static final String API_KEY_HEADER = "X-API-Key";
    private static final String BEARER = "Bearer ";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    BeanManager beans;

    @Inject
    DatabaseStatus database;

    @Inject
    VerifiedTokens tokens;

    private volatile HttpAuthenticationMechanism jwt;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) throws AuthenticationException {
        String key = request.getHeader(API_KEY_HEADER);
        if (key == null) {
            HttpServletRequest normalised = withCanonicalScheme(request);
            if (normalised != request) {
                context.setRequest(normalised);
            }
            String authorization = normalised.getHeader(HttpHeaders.AUTHORIZATION);
            if (authorization == null) {
                // No credentials: MicroProfile JWT's mechanism (which reads tokens from this header
                // only, as configured) would do nothing either, after a CDI.current() that walks
                // the whole stack in Payara: ~3 % of a refresh.
                return context.doNothing();
            }
            if (authorization.length() > BEARER.length() + VerifiedTokens.MAX_TOKEN_CHARS) {
                return context.responseUnauthorized(); // not one of ours: not worth parsing
            }
            if (authorization.startsWith(BEARER)) {
                String raw = authorization.substring(BEARER.length());
                var known = tokens.recall(raw);
                if (known.isPresent()) {
                    // as MicroProfile JWT's mechanism answers a token it verified
                    context.getClientSubject().getPrincipals().add(known.get().token());
                    return context.notifyContainerAboutLogin(known.get().token(), known.get().groups());
                }
                if (!tokens.worthVerifying(raw)) {
                    return context.responseUnauthorized(); // not one of ours, whatever its signature
                }
            }
            return jwt().validateRequest(normalised, response, context);
        }
        if (request.getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return context.responseUnauthorized();
        }
        if (!database.isStarted()) {
            return unavailable(request, response, null);
        }
        CredentialValidationResult result;
        try {
            result = identityStores.validate(new ApiKeyCredential(key));
        } catch (RuntimeException e) {
            if (!DatabaseFailures.unavailable(e)) {
                throw e;
            }
            return unavailable(request, response, e);
        }
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return context.responseUnauthorized();
        }
        return context.notifyContainerAboutLogin(result);
    }

    /**
     * The authentication scheme is case-insensitive (RFC 7235 2.1; the login answers
     * {@code "token_type": "bearer"}), but MicroProfile JWT only takes "Bearer": any other
     * spelling is handed on as "Bearer".
     */
    static HttpServletRequest withCanonicalScheme(HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.startsWith("Bearer ")
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return request;
        }
        String canonical = "Bearer " + authorization.substring(7).strip();
        return new HttpServletRequestWrapper(request) {
            @Override
            public String getHeader(String name) {
                return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name) ? canonical : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HttpHeaders.AUTHORIZATION.equalsIgnoreCase(name)
                        ? Collections.enumeration(List.of(canonical)) : super.getHeaders(name);
            }
        };
    }

    /**
     * The key could not be checked because the database is away: a 503 for the error
     * page (which logs the outage once), not the container's logged 500.
     */
    private static AuthenticationStatus unavailable(HttpServletRequest request, HttpServletResponse response,
                                                    Throwable cause) throws AuthenticationException {
        request.setAttribute(DatabaseStatus.FAILURE_ATTRIBUTE, cause);
        try {
            response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        } catch (IOException e) {
            throw new AuthenticationException(e);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }

    private HttpAuthenticationMechanism jwt() {
        HttpAuthenticationMechanism found = jwt;
        if (found == null) {
            Bean<?> bean = beans.getBeans(HttpAuthenticationMechanism.class).stream()
                    .filter(b -> !b.getBeanClass().equals(CredentialsMechanism.class))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No MicroProfile JWT mechanism; is @LoginConfig set?"));
            found = (HttpAuthenticationMechanism) beans.getReference(bean, HttpAuthenticationMechanism.class,
                    beans.createCreationalContext(bean));
            jwt = found;
        }
        return found;
    }
}
