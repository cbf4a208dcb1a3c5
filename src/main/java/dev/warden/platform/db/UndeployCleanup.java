package dev.warden.platform.db;

import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes back, when the application stops, what the WAR's libraries left in places that
 * belong to the whole server and would keep the WAR's class loader (and everything it
 * loaded) after an undeploy or a redeploy:
 * <ul>
 * <li>the JDBC drivers the WAR's own jars registered (PostgreSQL's, H2's) in
 * {@code DriverManager}; Payara Server removes them itself but warns at every redeploy
 * ("registered the JDBC driver [org.postgresql.Driver] but failed to unregister it");</li>
 * <li>Hibernate's class values on the server's and the JDK's classes ({@link HibernateClassValues}).</li>
 * </ul>
 */
@WebListener
public class UndeployCleanup implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(UndeployCleanup.class.getName());

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ClassLoader own = UndeployCleanup.class.getClassLoader();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == own) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException | SecurityException e) {
                    LOG.log(Level.FINE, "Could not deregister " + driver.getClass().getName(), e);
                }
            }
        }
        HibernateClassValues.release(own);
    }
}
