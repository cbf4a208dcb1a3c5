package dev.warden.system.control;

import dev.warden.LogCapture;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.control.UserService;
import dev.warden.users.control.Users;
import dev.warden.users.entity.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instances starting together on an empty database each find no admin and each try to make
 * the bootstrap admin; one insert wins and the others collide on the username. That loser
 * says so at INFO, not SEVERE (ClusterOperationsIT saw the SEVERE at its instances' start);
 * a collision with a user that is no admin is still SEVERE, since then no admin exists.
 */
class BootstrapAdminTest {

    private LogCapture log;
    private List<LogRecord> logged;

    @BeforeEach
    void listen() {
        log = LogCapture.of(BootstrapAdmin.class.getName());
    }

    @AfterEach
    void stopListening() {
        log.close();
    }

    /** Users whose active-admin check answers these values in turn (the last one from then on). */
    private static Users admins(Boolean... exists) {
        List<Boolean> answers = new ArrayList<>(List.of(exists));
        return new Users() {
            @Override
            public boolean activeAdminExists() {
                return answers.size() > 1 ? answers.remove(0) : answers.get(0);
            }

            @Override
            public List<User> activeAdmins(int max) {
                return List.of();
            }
        };
    }

    private static BootstrapAdmin bootstrap(Users users) {
        BootstrapAdmin bootstrap = new BootstrapAdmin();
        bootstrap.username = Optional.of("root-admin");
        bootstrap.email = Optional.of("root@example.com");
        bootstrap.password = Optional.of("Another#Pass-2026");
        bootstrap.users = users;
        bootstrap.userService = new UserService() {
            @Override
            public User create(NewUser user) {
                throw WardenException.conflict("A user with this username or email already exists");
            }
        };
        return bootstrap;
    }

    @Test
    void anotherInstanceMakingTheAdminMeanwhileIsNoError() {
        bootstrap(admins(false, true)).run();
        logged = log.records();
        assertEquals(List.of(), logged.stream().filter(r -> r.getLevel().intValue() > Level.INFO.intValue())
                .map(LogRecord::getMessage).toList());
        assertTrue(logged.stream().anyMatch(r -> r.getMessage().equals(
                "The bootstrap admin root-admin was created by another instance starting at the same time")), logged::toString);
    }

    @Test
    void aCollisionWithAUserWhoIsNoAdminStaysSevere() {
        bootstrap(admins(false)).run();
        logged = log.records();
        assertTrue(logged.stream().anyMatch(r -> r.getLevel() == Level.SEVERE
                && r.getMessage().startsWith("Bootstrap admin not created (conflict)")), logged::toString);
    }
}
