package dev.warden.it;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 15, point 6: the last class of the run (junit-platform.properties orders classes
 * by {@code @Order}; it waits for the second lane, {@link OwnServers}) reads every server log the run wrote: the shared server's (its
 * {@code --logtofile}, written as it happens, and what reached each class's failsafe
 * -output.txt) and every separate server's ({@link WardenProcess} keeps them), and looks for every secret the run used ({@link Secrets}: passwords, access and
 * refresh tokens, API keys, MFA and reset tokens, TOTP secrets, backup codes) and every
 * hash and sealed secret in the database (password hashes, key and token hashes, the sealed
 * TOTP secrets and signing keys). None may appear, not even in a stack trace.
 */
@Order(Integer.MAX_VALUE)
class SecretsInLogsIT extends WardenIT {

    /** Every secret is looked up by its first characters, then compared in full. */
    private static final int PREFIX = 10;

    @Test
    void noSecretOrHashOfTheWholeRunIsInAnyServerLog() throws Exception {
        // the classes of the second lane (OwnServers) write logs too, and may still be running
        OwnServersLane.awaitAll(java.time.Duration.ofMinutes(30));
        // this class's own requests, so that it also holds when run alone
        Api.TestUser user = api.createUser("viewer");
        api.tokens(user.username(), user.password());
        api.login(user.username(), "Wrong#Password-" + user.password()).problem(401, "invalid_credentials");

        Secrets.add(WardenServer.ENCRYPTION_KEY);
        Secrets.add(Cluster.NEXT_ENCRYPTION_KEY);
        Secrets.add(WardenServer.ADMIN_PASSWORD);
        Secrets.add(WardenServer.LEGACY_KEY);
        Set<String> secrets = new HashSet<>(Secrets.all());
        int fromTraffic = secrets.size();
        secrets.addAll(stored());
        assertTrue(fromTraffic >= 3 && secrets.size() > fromTraffic, "secrets collected: " + fromTraffic + " from the "
                + "traffic, " + (secrets.size() - fromTraffic) + " from the database");

        List<Path> logs = logs();
        assertTrue(logs.stream().anyMatch(p -> p.getFileName().toString().startsWith(
                WardenServer.SHARED_LOG.getFileName().toString())), "the shared server's log is among " + logs);
        Map<String, List<String>> byPrefix = new HashMap<>();
        secrets.forEach(s -> byPrefix.computeIfAbsent(s.substring(0, PREFIX), k -> new ArrayList<>()).add(s));
        List<String> found = new ArrayList<>();
        long scanned = 0;
        for (Path log : logs) {
            String text = Files.readString(log, StandardCharsets.ISO_8859_1);
            scanned += text.length();
            for (int i = 0; i + PREFIX <= text.length(); i++) {
                List<String> candidates = byPrefix.get(text.substring(i, i + PREFIX));
                if (candidates == null) {
                    continue;
                }
                for (String secret : candidates) {
                    if (text.startsWith(secret, i)) {
                        int from = Math.max(0, text.lastIndexOf('\n', i) + 1);
                        found.add(log.getFileName() + ": " + secret.substring(0, 6) + "... in \""
                                + text.substring(from, Math.min(text.length(), from + 160)).strip() + "\"");
                    }
                }
            }
        }
        assertEquals(List.of(), found, "secrets in " + logs.size() + " logs (" + scanned / 1024 + " KiB)");
    }

    /** The hashes and sealed secrets Warden stores: none belongs in a log either. */
    private static Set<String> stored() throws SQLException {
        Set<String> values = new HashSet<>();
        DataSource db = WardenServer.db();
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            for (String query : List.of("select password_hash from users", "select password_hash from password_history",
                    "select token_hash from refresh_tokens", "select key_hash from api_keys",
                    "select secret from totp_credentials", "select code_hash from backup_codes",
                    "select token_hash from mfa_challenges", "select token_hash from password_resets",
                    "select token_hash from email_verifications", "select private_key from signing_keys")) {
                try (ResultSet rows = s.executeQuery(query)) {
                    while (rows.next()) {
                        String value = rows.getString(1);
                        if (value != null && value.length() >= PREFIX) {
                            values.add(value);
                        }
                    }
                }
            }
        }
        return values;
    }

    private static List<Path> logs() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (String folder : List.of(System.getProperty("warden.it.reports", "target/failsafe-reports"),
                System.getProperty("warden.it.logs", "target/it-logs"))) {
            Path dir = Path.of(folder);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    files.filter(p -> p.getFileName().toString().endsWith("-output.txt")
                            || p.getFileName().toString().startsWith("server-")
                            || p.getFileName().toString().startsWith("shared-server.log")
                            && !p.getFileName().toString().endsWith(".lck"))
                            .map(Path::toAbsolutePath).forEach(logs::add);
                }
            }
        }
        return logs;
    }
}
