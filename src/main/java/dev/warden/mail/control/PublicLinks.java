package dev.warden.mail.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Links in mails: {@code <warden.public-url>/<page>?token=<token>} (SPEC 5.1), always built
 * from the setting, never from a request's Host header (which a client controls).
 */
@ApplicationScoped
public class PublicLinks {

    @Inject
    @ConfigProperty(name = "warden.public-url", defaultValue = "http://localhost:8080")
    String publicUrl;

    /**
     * What an operator should hear at start about where the links in mails lead, if mails
     * leave this server ({@code sent}): to {@code localhost} (the default, left as it was)
     * nobody who gets the mail can follow them; over plain {@code http} to another host
     * their tokens (a password reset's, an address check's) cross the network in clear.
     */
    public Optional<String> concern(boolean sent) {
        return concern(publicUrl, sent);
    }

    static Optional<String> concern(String publicUrl, boolean sent) {
        if (!sent) {
            return Optional.empty();
        }
        URI uri = URI.create(publicUrl); // checked at start (SettingRules)
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        if (loopback) {
            return Optional.of("Mails are sent but warden.public-url is " + publicUrl + ": the links in password-reset, "
                    + "registration and address-check mails lead to this machine's loopback address, which nobody "
                    + "who reads them can follow; set it to the address users reach Warden at");
        }
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            return Optional.of("warden.public-url is " + publicUrl + ": the links in mails carry password-reset and "
                    + "address-check tokens over plain http; use https");
        }
        return Optional.empty();
    }

    /** The page's link, with the token if one is given. */
    public String to(String page, String token) {
        String base = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
        return base + "/" + page + (token == null ? "" : "?token=" + token);
    }
}
