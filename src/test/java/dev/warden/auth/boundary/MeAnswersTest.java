package dev.warden.auth.boundary;

import dev.warden.platform.control.JsonConfig;
import dev.warden.users.boundary.UserView;
import dev.warden.users.control.UserDirectory;
import dev.warden.users.entity.Permission;
import dev.warden.users.entity.Role;
import dev.warden.users.entity.User;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MeAnswersTest {

    private final MeAnswers answers = new MeAnswers();
    private final Instant now = Instant.parse("2026-12-03T10:15:30Z");

    private static String written(UserDirectory.Listed view) {
        return JsonConfig.JSONB.toJson(new MeResponse(UserView.of(view), Permission.of(view.user().role())));
    }

    @Test
    void writesWhatJsonBWritesForTheAnswer() {
        var view = new UserDirectory.Listed(new User("ada", "ada@warden.test", "hash", Role.ANALYST, true, now),
                Optional.empty());
        String json = new String(answers.of(view), StandardCharsets.UTF_8);
        assertEquals(written(view), json);
        assertTrue(json.contains("\"username\":\"ada\"") && json.contains("\"role\":\"analyst\"")
                && json.contains("\"is_locked\":false") && json.contains("\"permissions\":["), json);
        assertTrue(!json.contains("hash"), "never the password hash: " + json);
    }

    @Test
    void theSameViewIsAnsweredFromMemoryAndAnotherOneIsWrittenAgain() {
        User user = new User("bob", "bob@warden.test", "hash", Role.VIEWER, true, now);
        var view = new UserDirectory.Listed(user, Optional.empty());
        byte[] first = answers.of(view);
        assertSame(first, answers.of(view));

        // the directory hands out a new instance after any change: its answer is written anew,
        // even where the new instance holds the very entity the old one did
        user.changeRole(Role.ADMIN);
        var changed = new UserDirectory.Listed(user, Optional.empty());
        String after = new String(answers.of(changed), StandardCharsets.UTF_8);
        assertEquals(written(changed), after);
        assertTrue(after.contains("\"role\":\"admin\""), after);

        var locked = new UserDirectory.Listed(user, Optional.of(now.plusSeconds(900)));
        String lockedJson = new String(answers.of(locked), StandardCharsets.UTF_8);
        assertTrue(lockedJson.contains("\"is_locked\":true"), lockedJson);
        assertNotEquals(after, lockedJson);
    }

    @Test
    void holdsAtMostTheBoundAndStillAnswersRightPastIt() {
        UserDirectory.Listed first = null;
        for (int i = 0; i <= MeAnswers.MAX_USERS; i++) {
            var view = new UserDirectory.Listed(new User("u" + i, "u" + i + "@warden.test", "hash", Role.VIEWER, true,
                    now), Optional.empty());
            if (first == null) {
                first = view;
            }
            answers.of(view);
        }
        assertArrayEquals(written(first).getBytes(StandardCharsets.UTF_8), answers.of(first));
    }
}
