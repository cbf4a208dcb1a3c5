package dev.warden.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

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

    @BeforeEach
    void client() {
        api = new Api(deployment);
    }
}
