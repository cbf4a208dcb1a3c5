package dev.warden.auth.boundary;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.glassfish.soteria.mechanisms.jaspic.Jaspic;
import org.junit.jupiter.api.Test;

import javax.security.auth.Subject;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The bridge answers the container as Soteria's does: the mechanism's status mapped to
 * JASPIC's, the last status kept on the request, a mechanism failure an AuthException.
 */
class SecurityBridgeTest {

    private final Map<String, Object> attributes = new HashMap<>();
    private final HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[]{HttpServletRequest.class}, (proxy, method, args) ->
                    switch (method.getName()) {
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        case "removeAttribute" -> attributes.remove((String) args[0]);
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        default -> null;
                    });
    private final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[]{HttpServletResponse.class}, (proxy, method, args) -> null);
    private final MessageInfo message = new MessageInfo() {
        private final Map<Object, Object> map = new HashMap<>();

        @Override
        public Object getRequestMessage() {
            return request;
        }

        @Override
        public Object getResponseMessage() {
            return response;
        }

        @Override
        public void setRequestMessage(Object request) {
        }

        @Override
        public void setResponseMessage(Object response) {
        }

        @Override
        @SuppressWarnings("rawtypes")
        public Map getMap() {
            return map;
        }
    };

    private HttpServletRequest seen;

    private SecurityBridge.Module answering(AuthenticationStatus status) {
        return new SecurityBridge.Module(new HttpAuthenticationMechanism() {
            @Override
            public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                        HttpMessageContext context) {
                seen = request;
                return status;
            }

            @Override
            public AuthenticationStatus secureResponse(HttpServletRequest request, HttpServletResponse response,
                                                       HttpMessageContext context) {
                return status;
            }
        });
    }

    @Test
    void theMechanismsStatusBecomesJaspicsAndStaysOnTheRequest() throws Exception {
        assertEquals(AuthStatus.SUCCESS, answering(AuthenticationStatus.SUCCESS).validateRequest(message, new Subject(),
                null));
        assertSame(request, seen);
        assertEquals(AuthenticationStatus.SUCCESS, Jaspic.getLastAuthenticationStatus(request));
        assertEquals(AuthStatus.SEND_FAILURE, answering(AuthenticationStatus.SEND_FAILURE)
                .validateRequest(message, new Subject(), null));
        assertEquals(AuthenticationStatus.SEND_FAILURE, Jaspic.getLastAuthenticationStatus(request));
        assertEquals(AuthStatus.SUCCESS, answering(AuthenticationStatus.NOT_DONE)
                .validateRequest(message, new Subject(), null), "nothing to do is not a failure");
        assertEquals(AuthStatus.SEND_CONTINUE, answering(AuthenticationStatus.SEND_CONTINUE)
                .validateRequest(message, new Subject(), null));
        // as Soteria's bridge answers it, which Payara accepts
        assertEquals(AuthStatus.SUCCESS, answering(AuthenticationStatus.SUCCESS).secureResponse(message, null));
    }

    @Test
    void aFailingMechanismIsAnAuthExceptionAndASendFailure() {
        SecurityBridge.Module cut = new SecurityBridge.Module(new HttpAuthenticationMechanism() {
            @Override
            public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                        HttpMessageContext context) throws AuthenticationException {
                throw new AuthenticationException("the store is away");
            }
        });
        AuthException thrown = assertThrows(AuthException.class, () -> cut.validateRequest(message, new Subject(), null));
        assertEquals("the store is away", thrown.getCause().getMessage());
        assertEquals(AuthenticationStatus.SEND_FAILURE, Jaspic.getLastAuthenticationStatus(request));
    }
}
