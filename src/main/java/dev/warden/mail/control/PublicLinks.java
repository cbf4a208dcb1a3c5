package dev.warden.mail.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Links in mails: {@code <warden.public-url>/<page>?token=<token>} (SPEC 5.1), always built
 * from the setting, never from a request's Host header (which a client controls).
 */
@ApplicationScoped
public class PublicLinks {

    @Inject
    @ConfigProperty(name = "warden.public-url", defaultValue = "http://localhost:8080")
    String publicUrl;

    /** The page's link, with the token if one is given. */
    public String to(String page, String token) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + "/" + page + (token == null ? "" : "?token=" + token);
    }
}
