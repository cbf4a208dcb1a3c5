package dev.warden.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15.4, the database slow, not gone: a statement that waits on a row lock another
 * connection holds ends at warden.db.statement-timeout-ms (5 s by default) with a 503
 * problem, instead of holding its request thread as long as the lock lasts; the other
 * users' logins are answered meanwhile, and nothing of the cancelled login remains.
 */
class SlowDatabaseIT extends WardenIT {

    private final ExecutorService client = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        client.shutdownNow();
    }

    @Test
    void aLoginBlockedByARowLockIsAnswered503WhileOtherLoginsGoOn() throws Exception {
        Api.TestUser blocked = api.createUser("viewer");
        Api.TestUser other = api.createUser("viewer");
        try (Connection c = WardenServer.db().getConnection()) {
            WardenServer.lockUserRow(c, blocked.id());
            Future<Api.Reply> login = client.submit(() -> api.login(blocked.username(), blocked.password()));
            api.login(other.username(), other.password()).ok(200);
            api.get("/api/v1/auth/me", api.accessToken(other.username(), other.password())).ok(200);
            assertFalse(login.isDone(), "the blocked login waits for the lock");
            Api.Reply reply = login.get(60, TimeUnit.SECONDS);
            assertTrue(reply.text().contains("\"status\":503"), reply.text());
            reply.problem(503, "service_unavailable");
            assertTrue(reply.header("Retry-After") != null, "a 503 says when to retry");
            assertFalse(login.isCancelled());
            c.rollback();
        }
        assertEquals(0L, WardenServer.queryValue("select count(*) from sessions where user_id = ?::uuid", blocked.id()),
                "the cancelled login left no session");
        api.login(blocked.username(), blocked.password()).ok(200);
        assertEquals(1L, WardenServer.queryValue("select count(*) from sessions where user_id = ?::uuid", blocked.id()));
    }
}
