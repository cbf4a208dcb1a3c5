package dev.warden.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.net.URL;

/**
 * Base of the integration tests: the built WAR, deployed unchanged into a real Payara
 * Micro on a real PostgreSQL, exercised over HTTP like any client would.
 */
@ExtendWith({WardenServer.class, ArquillianExtension.class})
@RunAsClient
public abstract class WardenIT {

    @ArquillianResource
    URL deployment;

    protected Api api;

    @Deployment(testable = false)
    public static WebArchive war() {
        File war = new File(System.getProperty("warden.it.war", "target/warden.war"));
        return ShrinkWrap.createFromZipFile(WebArchive.class, war);
    }

    private static volatile String checked;

    @BeforeEach
    void client() {
        api = new Api(deployment);
        if (!deployment.toString().equals(checked)) {
            // Payara Micro says "ready" even when a deployment failed (PLATFORM-NOTES 10): say so
            // once, plainly, instead of as a hundred unrelated 404s.
            Api.Reply probe = api.probe("/api/v1/auth/me");
            if (probe.status() != 401 || !String.valueOf(probe.contentType()).startsWith("application/problem+json")) {
                fail("The shared server at " + deployment + " does not serve Warden (deployment failed? see the "
                        + "server output in this class's -output.txt): " + probe.status() + " " + probe.text());
            }
            checked = deployment.toString();
        }
    }
}
