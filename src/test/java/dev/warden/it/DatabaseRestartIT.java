package dev.warden.it;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared server's database restarts under it (on Payara Micro and on WildFly, where
 * the pool of the WAR's datasource has no validation: README, "Deploying to Payara
 * Server", WildFly): Warden answers 503 while the database is away and serves again once
 * it is back, without a restart. DatabaseOutageIT goes further on Payara Micro with a
 * server and a database of its own. Runs before the cluster tests, whose servers use the
 * same PostgreSQL. No {@link OwnServers} class runs meanwhile: they may use it too.
 */
@Order(Integer.MAX_VALUE - 6)
@ResourceLock(WardenServer.SHARED_POSTGRES)
class DatabaseRestartIT extends WardenIT {

    private static final Set<Integer> WHILE_AWAY = Set.of(200, 503);

    @Test
    void theServerServesAgainOnceItsDatabaseIsBackWithoutARestart() throws Exception {
        String admin = api.adminToken();
        Api.TestUser user = api.createUser("viewer");
        api.get("/api/v1/users?size=1", admin).ok(200);
        api.login(user.username(), user.password()).ok(200);

        WardenServer.restartDatabase(Duration.ofSeconds(2));

        // every pooled connection was cut: the first requests may fail (503), none with a 500
        List<Integer> seen = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int inARow = 0;
        while (inARow < 10 && System.nanoTime() < deadline) {
            int status = api.get("/api/v1/users?size=1", admin).status();
            seen.add(status);
            assertTrue(WHILE_AWAY.contains(status), "after the restart: " + seen);
            inARow = status == 200 ? inARow + 1 : 0;
            if (status != 200) {
                Thread.sleep(200);
            }
        }
        assertEquals(10, inARow, "not serving again a minute after the database came back: " + seen);
        for (int i = 0; i < 5; i++) {
            api.login(user.username(), user.password()).ok(200);
        }
        assertEquals(1L, WardenServer.queryValue("select count(*) from users where id = ?::uuid", user.id()));
    }
}
