package dev.warden.system.control;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.Config;

import java.util.logging.Logger;

/**
 * Before anything else of the start (the database included): a setting that is not valid
 * stops the deployment, every such setting named in one message ({@link SettingRules}),
 * logged on its own line first so that it stands above the server's account of the failed
 * deployment; what is valid but unwise is logged as a WARNING. Only the configuration is injected here, so that no other bean is made
 * from the settings before they are checked.
 */
@ApplicationScoped
public class SettingsCheck {

    private static final Logger LOG = Logger.getLogger(SettingsCheck.class.getName());

    @Inject
    Config config;

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) @Initialized(ApplicationScoped.class) Object event) {
        try {
            SettingRules.check(key -> config.getOptionalValue(key, String.class));
        } catch (IllegalStateException invalid) {
            LOG.severe(invalid.getMessage());
            throw invalid;
        }
        SettingRules.warnings(key -> config.getOptionalValue(key, String.class)).forEach(LOG::warning);
    }
}
