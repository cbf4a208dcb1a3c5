package dev.warden.system.cli;

import dev.warden.passwords.control.CommonPasswords;
import dev.warden.passwords.control.PasswordHasher;
import dev.warden.passwords.control.PasswordPolicy;
import dev.warden.platform.db.Database;
import dev.warden.platform.db.Migrations;
import dev.warden.platform.db.RequestUserGrants;
import dev.warden.platform.db.WardenDataSource;
import dev.warden.platform.problem.FieldError;
import dev.warden.system.control.SettingRules;
import dev.warden.users.entity.User;

import javax.sql.DataSource;
import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Creates an admin interactively against the configured database, like Keycloak's
 * bootstrap-admin command: prompts for username, email and the password twice
 * (without echo on a terminal), checks the same rules as the server, shows a summary
 * and asks for confirmation. Reads the same settings as the server, from system
 * properties or environment variables (WARDEN_DB_URL, ...).
 */
public final class CreateAdmin {

    /** Where the tool reads and writes; a terminal, or scripted in tests. */
    public interface Terminal {
        String readLine(String prompt);

        char[] readSecret(String prompt);

        void println(String line);
    }

    private final Function<String, String> settings;
    private final Terminal terminal;

    public CreateAdmin(Function<String, String> settings, Terminal terminal) {
        this.settings = settings;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        int status = new CreateAdmin(CreateAdmin::setting, systemTerminal()).run();
        System.exit(status);
    }

    /** @return the process exit status: 0 created, 1 refused or failed, 2 cancelled */
    public int run() {
        // the server's own check of its settings: a mistyped value is named, not used
        List<String> problems = SettingRules.problems(key -> Optional.ofNullable(settings.apply(key)));
        if (!problems.isEmpty()) {
            terminal.println("Warden: " + (problems.size() == 1 ? "a setting is" : problems.size() + " settings are")
                    + " not valid; nothing was created:");
            problems.forEach(problem -> terminal.println("  " + problem));
            return 1;
        }
        String url = value("warden.db.url", Database.DEFAULT_URL);
        DataSource db = WardenDataSource.create(url, value("warden.db.user", null), value("warden.db.password", null));
        PasswordPolicy policy = new PasswordPolicy(new PasswordPolicy.Settings(
                Integer.parseInt(value("warden.password.min-length", "12")),
                Integer.parseInt(value("warden.password.max-length", "128")),
                flag("warden.password.require-uppercase"), flag("warden.password.require-lowercase"),
                flag("warden.password.require-digit"), flag("warden.password.require-special")), CommonPasswords.load());
        PasswordHasher hasher = new PasswordHasher(Integer.parseInt(value("warden.password.bcrypt-cost", "12")));
        try {
            terminal.println("Warden: create an admin in " + url.replaceAll("(?i)password=[^&;]*", "password=***"));
            String owner = value(Database.MIGRATION_USER, null);
            String user = value("warden.db.user", null);
            if (owner == null || owner.isBlank()) {
                Migrations.migrate(db, CreateAdmin.class.getClassLoader());
            } else { // as the server's start does (Database.forMigrations)
                DataSource migrator = WardenDataSource.create(url, owner.trim(),
                        value("warden.db.migration-password", null));
                Migrations.migrate(migrator, CreateAdmin.class.getClassLoader());
                if (user != null && !user.isBlank() && !owner.trim().equals(user.trim())) {
                    RequestUserGrants.grantUse(migrator, user.trim());
                }
            }
            String username = ask("Username: ", v -> v.matches(User.USERNAME_PATTERN) ? null
                    : "3 to 50 letters, digits, '.', '_' or '-'");
            String email = ask("Email: ", v -> v.matches(User.EMAIL_PATTERN) && v.length() <= 254 ? null
                    : "not a valid email address");
            String password = askPassword(policy, username, email);
            if (password == null) {
                return 1;
            }
            terminal.println("");
            terminal.println("  username: " + username);
            terminal.println("  email:    " + email);
            terminal.println("  role:     admin");
            String confirm = terminal.readLine("Create this admin? [y/N] ");
            if (confirm == null || !confirm.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
                terminal.println("Cancelled; nothing was created.");
                return 2;
            }
            insert(db, username, email, hasher.hash(password));
            terminal.println("Created admin " + username + ".");
            return 0;
        } catch (RefusedException e) {
            terminal.println(e.getMessage());
            return 1;
        } catch (SQLException | RuntimeException e) {
            terminal.println("Failed: " + e.getMessage());
            return 1;
        }
    }

    private String ask(String prompt, Function<String, String> problem) {
        for (int attempt = 0; attempt < 3; attempt++) {
            String value = terminal.readLine(prompt);
            if (value == null) {
                throw new RefusedException("No input; nothing was created.");
            }
            String error = problem.apply(value.trim());
            if (error == null) {
                return value.trim();
            }
            terminal.println("  " + error);
        }
        throw new RefusedException("Too many invalid answers; nothing was created.");
    }

    private String askPassword(PasswordPolicy policy, String username, String email) {
        for (int attempt = 0; attempt < 3; attempt++) {
            char[] first = terminal.readSecret("Password: ");
            char[] second = terminal.readSecret("Password again: ");
            if (first == null || second == null) {
                throw new RefusedException("No input; nothing was created.");
            }
            try {
                if (!Arrays.equals(first, second)) {
                    terminal.println("  the passwords differ");
                    continue;
                }
                String password = new String(first);
                List<FieldError> errors = policy.violations("password", password, username, email, null);
                if (errors.isEmpty()) {
                    return password;
                }
                errors.forEach(e -> terminal.println("  password " + e.message()));
            } finally {
                Arrays.fill(first, '\0');
                Arrays.fill(second, '\0');
            }
        }
        terminal.println("Too many refused passwords; nothing was created.");
        return null;
    }

    private static void insert(DataSource db, String username, String email, String hash) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement taken = c.prepareStatement(
                    "SELECT COUNT(*) FROM users WHERE username_key = ? OR email_key = ?")) {
                taken.setString(1, User.key(username));
                taken.setString(2, User.key(email));
                try (ResultSet rs = taken.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        throw new RefusedException("A user with this username or email already exists; nothing was created.");
                    }
                }
            }
            UUID id = UUID.randomUUID();
            Timestamp now = Timestamp.from(Instant.now());
            try (PreparedStatement user = c.prepareStatement("""
                    INSERT INTO users (id, username, username_key, email, email_key, password_hash, role, is_active,
                                       email_verified, totp_enabled, created_at, updated_at, version)
                    VALUES (?, ?, ?, ?, ?, ?, 'admin', TRUE, TRUE, FALSE, ?, ?, 0)""");
                 PreparedStatement history = c.prepareStatement(
                         "INSERT INTO password_history (id, user_id, password_hash, created_at) VALUES (?, ?, ?, ?)");
                 PreparedStatement failures = c.prepareStatement("DELETE FROM login_failures WHERE login_key = ?")) {
                user.setObject(1, id);
                user.setString(2, username);
                user.setString(3, User.key(username));
                user.setString(4, email);
                user.setString(5, User.key(email));
                user.setString(6, hash);
                user.setTimestamp(7, now);
                user.setTimestamp(8, now);
                user.executeUpdate();
                history.setObject(1, UUID.randomUUID());
                history.setObject(2, id);
                history.setString(3, hash);
                history.setTimestamp(4, now);
                history.executeUpdate();
                failures.setString(1, User.key(username));
                failures.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private String value(String key, String fallback) {
        String value = settings.apply(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    private boolean flag(String key) {
        return SettingRules.isTrue(value(key, "true"));
    }

    /** A system property, else the environment variable of the MicroProfile Config form. */
    static String setting(String key) {
        return Database.setting(key);
    }

    static Terminal systemTerminal() {
        Console console = System.console();
        if (console != null) {
            return new Terminal() {
                public String readLine(String prompt) { return console.readLine("%s", prompt); }
                public char[] readSecret(String prompt) { return console.readPassword("%s", prompt); }
                public void println(String line) { console.printf("%s%n", line); }
            };
        }
        // Input is piped (automation): read lines, nothing is echoed by us.
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = System.out;
        return new Terminal() {
            public String readLine(String prompt) {
                out.print(prompt);
                try {
                    return in.readLine();
                } catch (java.io.IOException e) {
                    return null;
                }
            }

            public char[] readSecret(String prompt) {
                String line = readLine(prompt);
                out.println();
                return line == null ? null : line.toCharArray();
            }

            public void println(String line) { out.println(line); }
        };
    }

    static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message, null, false, false);
        }
    }
}
