package dev.warden.auth.boundary;

import dev.warden.platform.control.JsonConfig;
import dev.warden.users.boundary.UserView;
import dev.warden.users.control.UserDirectory;
import dev.warden.users.entity.Permission;
import jakarta.enterprise.context.ApplicationScoped;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON of {@code GET /auth/me}, written once per view of a user instead of on every
 * request (JSON-B was ~6 % of a bearer GET's CPU). The answer is a function of the view
 * alone, and a view ({@link UserDirectory#view(UUID)}) is one immutable instance in memory
 * until a change of the user drops it on every instance: bytes written for one instance
 * are right for as long as that instance is handed out, and any other instance (the user
 * changed, or a lock ended since) gets its own. So nothing here needs invalidating.
 * At most {@value #MAX_USERS} users' answers are held; past that the memo starts over.
 */
@ApplicationScoped
public class MeAnswers {

    static final int MAX_USERS = 10_000;

    /** The view by a weak reference: a view the directory has dropped is not kept alive here (it holds the user's hash). */
    private record Written(WeakReference<UserDirectory.Listed> view, byte[] json) {
    }

    private final ConcurrentHashMap<UUID, Written> written = new ConcurrentHashMap<>();

    /** The answer's bytes (UTF-8), the same as JSON-B writes for {@link MeResponse}. */
    public byte[] of(UserDirectory.Listed view) {
        UUID id = view.user().id();
        Written known = written.get(id);
        if (known != null && known.view().get() == view) { // the same instance, not an equal one
            return known.json();
        }
        byte[] json = JsonConfig.JSONB.toJson(new MeResponse(UserView.of(view), Permission.of(view.user().role())))
                .getBytes(StandardCharsets.UTF_8);
        if (written.size() >= MAX_USERS) {
            written.clear();
        }
        written.put(id, new Written(new WeakReference<>(view), json));
        return json;
    }
}
