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
 * Deregisters, when the application stops, the JDBC drivers that the WAR's own jars
 * registered (PostgreSQL's, H2's): {@code DriverManager} is one for the whole server and
 * would keep them, and with them the WAR's class loader, after an undeploy or a redeploy.
 * Payara Server removes them itself but warns at every redeploy ("registered the JDBC
 * driver [org.postgresql.Driver] but failed to unregister it").
 */
@WebListener
public class DriverRelease implements ServletContextListener {

    private static final Logger LOG = Logger.getLogger(DriverRelease.class.getName());

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ClassLoader own = DriverRelease.class.getClassLoader();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == own) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException | SecurityException e) {
                    LOG.log(Level.FINE, "Could not deregister " + driver.getClass().getName(), e);
                }
            }
        }
    }
}
