package dev.warden.auth.boundary;

import dev.warden.platform.control.ClassPresence;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Inject;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.MessagePolicy;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.module.ServerAuthModule;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.glassfish.soteria.mechanisms.HttpMessageContextImpl;
import org.glassfish.soteria.mechanisms.jaspic.Jaspic;

import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Jakarta Security's bridge to the container, as Soteria's own
 * ({@code HttpBridgeServerAuthModule}) does it, with one difference: the application's
 * mechanism is looked up once, at start-up, instead of twice per request. Soteria's bridge
 * resolves the mechanism bean through a JNDI lookup of the {@code BeanManager} in
 * {@code validateRequest} and again in {@code secureResponse}, each with a new
 * {@code InitialContext} and a {@code NamingException} (stack trace included) built before
 * the lookup: ~12 % of a bearer GET's CPU.
 * <p>
 * Everything else is Soteria's: its {@link HttpMessageContextImpl} (what the mechanisms,
 * MicroProfile JWT's included, talk to) and its {@link Jaspic} status handling, in the
 * bridge's order. Registered for this application only, over Soteria's registration
 * (JASPIC replaces the provider of an application context), and only where the server is
 * GlassFish-based (Payara) with Soteria as its Jakarta Security; anywhere else the server's
 * own bridge stays. WildFly ships Soteria too, but its Elytron JASPIC refuses this module's
 * answer for a request without credentials ({@code ELY01176: Invalid AuthStatus
 * AuthStatus.SUCCESS}, WildFly 38).
 */
@WebListener
public class SecurityBridge implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(SecurityBridge.class.getName());

    @Inject
    BeanManager beans;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        if (!glassFishWithSoteria()) {
            LOG.info("The server is not GlassFish-based with Soteria: its own Jakarta Security bridge stays");
            return;
        }
        Bean<?> bean = beans.resolve(beans.getBeans(HttpAuthenticationMechanism.class));
        HttpAuthenticationMechanism mechanism = (HttpAuthenticationMechanism) beans.getReference(bean,
                HttpAuthenticationMechanism.class, beans.createCreationalContext(bean));
        Module.register(mechanism, event.getServletContext()); // Module (and Soteria) loaded only here
    }

    /**
     * Soteria, and GlassFish's web security ({@code com.sun.web.security}, a package Payara
     * Server exports to applications; its {@code realmadapter} subpackage, which Payara
     * Micro's flat class path shows, Payara Server's OSGi bundles keep to themselves, so
     * asking for a class there kept Soteria's bridge on Payara Server until 2026-12-07).
     */
    private static boolean glassFishWithSoteria() {
        return ClassPresence.present("org.glassfish.soteria.mechanisms.HttpMessageContextImpl", SecurityBridge.class)
                && ClassPresence.present("com.sun.web.security.RealmAdapter", SecurityBridge.class);
    }

    /** The module itself: Soteria's bridge with the mechanism given. */
    static final class Module implements ServerAuthModule {

        private static final Class<?>[] TYPES = {HttpServletRequest.class, HttpServletResponse.class};
        private final HttpAuthenticationMechanism mechanism;
        private CallbackHandler handler;

        Module(HttpAuthenticationMechanism mechanism) {
            this.mechanism = mechanism;
        }

        static void register(HttpAuthenticationMechanism mechanism, jakarta.servlet.ServletContext context) {
            AuthConfigFactory.getFactory().registerServerAuthModule(new Module(mechanism), context);
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void initialize(MessagePolicy requestPolicy, MessagePolicy responsePolicy, CallbackHandler handler,
                               Map options) {
            this.handler = handler;
        }

        @Override
        public Class<?>[] getSupportedMessageTypes() {
            return TYPES.clone();
        }

        @Override
        public AuthStatus validateRequest(MessageInfo message, Subject client, Subject service) throws AuthException {
            HttpMessageContext context = new HttpMessageContextImpl(handler, message, client);
            HttpServletRequest request = context.getRequest();
            Jaspic.setLastAuthenticationStatus(request, AuthenticationStatus.NOT_DONE);
            AuthenticationStatus status;
            try {
                status = mechanism.validateRequest(request, context.getResponse(), context);
            } catch (AuthenticationException e) {
                Jaspic.setLastAuthenticationStatus(request, AuthenticationStatus.SEND_FAILURE);
                throw failure(e);
            }
            Jaspic.setLastAuthenticationStatus(request, status);
            return Jaspic.fromAuthenticationStatus(status);
        }

        @Override
        public AuthStatus secureResponse(MessageInfo message, Subject service) throws AuthException {
            HttpMessageContext context = new HttpMessageContextImpl(handler, message, null);
            try {
                return Jaspic.fromAuthenticationStatus(
                        mechanism.secureResponse(context.getRequest(), context.getResponse(), context));
            } catch (AuthenticationException e) {
                throw failure(e);
            }
        }

        @Override
        public void cleanSubject(MessageInfo message, Subject subject) {
            HttpMessageContext context = new HttpMessageContextImpl(handler, message, subject);
            mechanism.cleanSubject(context.getRequest(), context.getResponse(), context);
        }

        private static AuthException failure(AuthenticationException cause) {
            AuthException failure = new AuthException("Authentication failure in HttpAuthenticationMechanism");
            failure.initCause(cause);
            return failure;
        }
    }
}
