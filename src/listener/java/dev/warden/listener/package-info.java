/**
 * Warden's part of the container's HTTP listener: the few answers Payara's Grizzly HTTP codec
 * and Catalina adapter make before any application code runs, made to follow the API's
 * contract (an {@code application/problem+json} body with a stable {@code code}).
 *
 * <p>This package is not in the WAR. It is built into {@code target/warden-listener.jar},
 * which the server loads as a library ({@code --addlibs} on Payara Micro, {@code asadmin
 * add-library} on Payara Server), and {@code server-config/payara/http-listener.asadmin}
 * puts it in front of the HTTP protocol as the listener's port-unification filter
 * ({@link dev.warden.listener.ProblemListener}), the configuration hook Grizzly offers for
 * a filter of one's own. It depends on Grizzly only, never on the application.
 */
package dev.warden.listener;
