package dev.warden.platform.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which web origins may call the API from a browser ({@code warden.cors.allowed-origins}):
 * none by default, so that only pages of Warden's own origin can (a browser UI served
 * from elsewhere needs its origin listed). Origins are compared as browsers send them:
 * scheme and host in lower case, no default port, no path.
 */
@ApplicationScoped
public class CrossOriginPolicy {

    public static final String SETTING = "warden.cors.allowed-origins";

    /** Optional: empty by default (an empty value counts as none on Payara and WildFly alike). */
    @Inject
    @ConfigProperty(name = SETTING)
    Optional<String> setting = Optional.empty();

    private volatile Set<String> origins;

    /** Whether any origin is listed: otherwise no request gets a CORS header. */
    public boolean enabled() {
        return !origins().isEmpty();
    }

    /** Whether a page of this origin (the request's {@code Origin} header as sent) may read the answers. */
    public boolean allows(String origin) {
        return origins().contains(origin);
    }

    private Set<String> origins() {
        Set<String> parsed = origins;
        if (parsed == null) {
            parsed = parse(setting.orElse(""));
            origins = parsed;
        }
        return parsed;
    }

    /**
     * The origins of the setting (separated by commas or spaces), each in the form browsers
     * send (a trailing slash is dropped); {@link IllegalArgumentException} names an entry that
     * is not an origin.
     */
    public static Set<String> parse(String value) {
        Set<String> parsed = new LinkedHashSet<>();
        for (String entry : value.split("[,\\s]+")) {
            if (!entry.isEmpty()) {
                parsed.add(origin(entry));
            }
        }
        return Set.copyOf(parsed);
    }

    static String origin(String entry) {
        if (entry.equals("*")) {
            throw new IllegalArgumentException("'*' is not accepted: list the origins of the pages that may call "
                    + "Warden, such as https://app.example.com");
        }
        String expected = "'" + entry + "' is not an origin: scheme, host and port only, such as "
                + "https://app.example.com or http://localhost:3000";
        URI uri;
        try {
            uri = new URI(entry);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(expected);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null
                && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
        if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || !bare) {
            throw new IllegalArgumentException(expected);
        }
        int port = uri.getPort();
        boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
    }
}
