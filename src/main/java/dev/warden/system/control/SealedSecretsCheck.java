package dev.warden.system.control;

import dev.warden.platform.control.SecretBox;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Start-up: refuses a {@code warden.encryption.key} that is not the key the database's
 * secrets were made with, before anything runs on them. Without it, a changed or lost key
 * (a typo in one instance's environment, a deleted development key file) started a Warden
 * that looked healthy while every login failed with a 500 (the signing key did not open),
 * every 2FA code and backup code was wrong, and the first start on an empty signing-key
 * table would have sealed new values under the wrong key beside the old ones.
 * <p>
 * What it reads: every sealed signing key is opened (few rows; this also covers the first
 * format, which names no key); TOTP secrets and unused backup codes carry the id of their
 * key ({@code v2.<id>.}, {@code <id>:}), compared in SQL, so the check stays one indexed or
 * sequential read however many users have 2FA. Nothing is written. The previous keys
 * ({@code warden.encryption.previous-keys}) count as known: what they made still opens.
 */
final class SealedSecretsCheck {

    private SealedSecretsCheck() {
    }

    /** Throws, naming the key ids and what they sealed, if anything was made with another key. */
    static void check(DataSource database, SecretBox box) {
        try (Connection connection = database.getConnection()) {
            check(connection, box);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the sealed secrets to check warden.encryption.key", e);
        }
    }

    static void check(Connection connection, SecretBox box) throws SQLException {
        String id = box.keyId();
        List<String> foreign = new ArrayList<>();
        Map<String, Integer> signingKeys = new TreeMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "select private_key from signing_keys where private_key is not null");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                String sealed = rows.getString(1);
                try {
                    box.open(sealed, SigningKeyStore.PURPOSE);
                } catch (IllegalStateException doesNotOpen) {
                    signingKeys.merge(box.keyIds().contains(SecretBox.sealedBy(sealed))
                            ? "whose sealed value was changed (it does not open with the key that sealed it)"
                            : sealedBy(sealed), 1, Integer::sum);
                }
            }
        }
        signingKeys.forEach((by, count) -> foreign.add(count + " signing key" + (count == 1 ? "" : "s") + " " + by));
        List<String> ids = box.keyIds();
        String totp = first(connection, "select secret from totp_credentials where substring(secret, 1, 3) <> 'v1.' "
                + "and substring(secret, 1, 12) not in (" + marks(ids.size()) + ")", ids.stream().map(k -> "v2." + k + ".").toList());
        if (totp != null) {
            foreign.add("TOTP secrets " + sealedBy(totp));
        }
        String backup = first(connection, "select code_hash from backup_codes where used_at is null "
                + "and substring(code_hash, 1, 9) not in (" + marks(ids.size()) + ")", ids.stream().map(k -> k + ":").toList());
        if (backup != null) {
            int colon = backup.indexOf(':');
            foreign.add("backup codes " + (colon > 0 && colon < 20 ? "keyed with key id " + backup.substring(0, colon)
                    : "in an unknown form"));
        }
        if (!foreign.isEmpty()) {
            String previous = box.previousKeyIds().isEmpty() ? ""
                    : " or warden.encryption.previous-keys (key ids " + String.join(", ", box.previousKeyIds()) + ")";
            throw new IllegalStateException("warden.encryption.key (key id " + id + ")" + previous + " is not the key "
                    + "this database's secrets were made with: " + String.join("; ", foreign) + ". Start with the key "
                    + "that made them (every instance needs the same one; in the embedded default it is the file "
                    + "<database>.encryption.key beside the database), or, to move to a new key, keep the old one in "
                    + "warden.encryption.previous-keys. Nothing was changed.");
        }
    }

    /**
     * After re-sealing: for each previous key, what still needs it (values sealed by it since,
     * by an instance not yet restarted, and unused backup codes, which cannot be keyed again)
     * or that nothing does, so the operator knows when to drop it. Counts only.
     */
    static List<String> previousKeyUse(DataSource database, SecretBox box) {
        List<String> lines = new ArrayList<>();
        try (Connection connection = database.getConnection()) {
            for (String id : box.previousKeyIds()) {
                long signing = count(connection, "select count(*) from signing_keys where substring(private_key, 1, 12) = ?",
                        "v2." + id + ".");
                long totp = count(connection, "select count(*) from totp_credentials where substring(secret, 1, 12) = ?",
                        "v2." + id + ".");
                long codes = count(connection, "select count(distinct user_id) from backup_codes where used_at is null "
                        + "and substring(code_hash, 1, 9) = ?", id + ":");
                if (signing + totp + codes == 0) {
                    lines.add("Nothing uses the previous encryption key " + id + " any more: remove it from "
                            + "warden.encryption.previous-keys once every instance runs with the current key.");
                } else {
                    lines.add("The previous encryption key " + id + " is still needed by " + (signing + totp > 0
                            ? signing + " signing key(s) and " + totp + " TOTP secret(s) sealed by an instance still "
                            + "running with it (the next start seals them again), " : "")
                            + codes + " user(s)' unused backup codes (they cannot be keyed again; they move to the "
                            + "current key when the user regenerates them or turns 2FA off): keep it in "
                            + "warden.encryption.previous-keys until then.");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read which sealed secrets still need a previous key", e);
        }
        return lines;
    }

    private static long count(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Which key sealed a value ({@link SecretBox#sealedBy}), as the message says it; never any of the value. */
    private static String sealedBy(String sealed) {
        String by = SecretBox.sealedBy(sealed);
        return switch (by) {
            case "v1" -> "sealed with another key (first format, no key id)";
            case "unknown" -> "in an unknown form";
            default -> "sealed with key id " + by;
        };
    }

    private static String marks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    private static String first(Connection connection, String sql, List<String> parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql + " fetch first 1 rows only")) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setString(i + 1, parameters.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
