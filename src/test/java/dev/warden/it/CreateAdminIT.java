package dev.warden.it;

import dev.warden.system.cli.CreateAdmin;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SPEC 9: the interactive create-admin tool, run against the same PostgreSQL as the server. */
class CreateAdminIT extends WardenIT {

    static final class Script implements CreateAdmin.Terminal {
        final Deque<String> answers;
        final List<String> output = new ArrayList<>();

        Script(String... answers) {
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        public String readLine(String prompt) {
            output.add(prompt);
            return answers.poll();
        }

        public char[] readSecret(String prompt) {
            output.add(prompt);
            String answer = answers.poll();
            return answer == null ? null : answer.toCharArray();
        }

        public void println(String line) {
            output.add(line);
        }
    }

    private static int run(Script script) {
        Map<String, String> settings = Map.of("warden.db.url", WardenServer.jdbcUrl(), "warden.db.user", "postgres",
                "warden.password.bcrypt-cost", String.valueOf(WardenServer.BCRYPT_COST));
        return new CreateAdmin(settings::get, script).run();
    }

    @Test
    void createsAnAdminWhoCanLogIn() {
        String name = "cli" + UUID.randomUUID().toString().substring(0, 8);
        Script script = new Script("bad name!", name, name + "@example.org",
                "weak", "weak", "Cli#Admin-Pass1", "Cli#Admin-Pass2", "Cli#Admin-Pass1", "Cli#Admin-Pass1", "y");
        assertEquals(0, run(script), script.output.toString());
        assertTrue(script.output.contains("  the passwords differ"), script.output.toString());
        assertTrue(script.output.stream().anyMatch(l -> l.contains("password must be at least 12 characters")));
        assertTrue(script.output.contains("  username: " + name));
        assertTrue(script.output.stream().noneMatch(l -> l.contains("Cli#Admin-Pass1")), "the password is never shown");
        assertEquals("admin", api.get("/api/v1/auth/me", api.accessToken(name, "Cli#Admin-Pass1")).ok(200).json()
                .getJsonObject("user").getString("role"));
    }

    @Test
    void nothingIsCreatedWithoutConfirmation() {
        String name = "cli" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(2, run(new Script(name, name + "@example.org", "Cli#Admin-Pass1", "Cli#Admin-Pass1", "n")));
        assertEquals(0L, WardenServer.queryValue("select count(*) from users where username_key = ?", name));
    }

    /** The server's check of its settings (SettingRules): before, 'twelve' stopped the tool with a NumberFormatException. */
    @Test
    void settingsThatAreNotValidAreNamedAndNothingIsAsked() {
        Script script = new Script("never-asked");
        Map<String, String> settings = Map.of("warden.db.url", WardenServer.jdbcUrl(), "warden.db.user", "postgres",
                "warden.password.bcrypt-cost", "twelve", "warden.password.require-digit", "maybe");
        assertEquals(1, new CreateAdmin(settings::get, script).run());
        assertEquals(List.of("Warden: 2 settings are not valid; nothing was created:",
                "  warden.password.bcrypt-cost is 'twelve': must be a whole number from 4 to 31",
                "  warden.password.require-digit is 'maybe': must be true or false"), script.output);
        assertEquals(1, script.answers.size(), "nothing was asked");
    }

    @Test
    void anExistingUsernameIsRefused() {
        Script script = new Script(WardenServer.ADMIN_USERNAME.toUpperCase(), "fresh-" + UUID.randomUUID() + "@example.org",
                "Cli#Admin-Pass1", "Cli#Admin-Pass1", "yes");
        assertEquals(1, run(script));
        assertTrue(script.output.stream().anyMatch(l -> l.contains("already exists")));
    }
}
