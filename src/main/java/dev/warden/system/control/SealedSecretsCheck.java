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
 * sequential read however many users have 2FA. Nothing is written.
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
                    String by = sealedBy(sealed);
                    signingKeys.merge(by.equals("sealed with key id " + id) ? "whose sealed value was changed (it does not open with this key)"
                            : by, 1, Integer::sum);
                }
            }
        }
        signingKeys.forEach((by, count) -> foreign.add(count + " signing key" + (count == 1 ? "" : "s") + " " + by));
        String totp = first(connection, "select secret from totp_credentials where substring(secret, 1, 3) <> 'v1.' "
                + "and substring(secret, 1, 12) <> ?", "v2." + id + ".");
        if (totp != null) {
            foreign.add("TOTP secrets " + sealedBy(totp));
        }
        String backup = first(connection, "select code_hash from backup_codes where used_at is null "
                + "and substring(code_hash, 1, 9) <> ?", id + ":");
        if (backup != null) {
            int colon = backup.indexOf(':');
            foreign.add("backup codes " + (colon > 0 && colon < 20 ? "keyed with key id " + backup.substring(0, colon)
                    : "in an unknown form"));
        }
        if (!foreign.isEmpty()) {
            throw new IllegalStateException("warden.encryption.key (key id " + id + ") is not the key this database's "
                    + "secrets were made with: " + String.join("; ", foreign) + ". Start with the key that made them "
                    + "(every instance needs the same one; in the embedded default it is the file "
                    + "<database>.encryption.key beside the database). Nothing was changed.");
        }
    }

    /** The id of the key that sealed a value, for the message; never any of the value itself. */
    private static String sealedBy(String sealed) {
        if (sealed != null && sealed.startsWith("v2.")) {
            int dot = sealed.indexOf('.', 3);
            if (dot > 3 && dot < 20) {
                return "sealed with key id " + sealed.substring(3, dot);
            }
        }
        return sealed != null && sealed.startsWith("v1.") ? "sealed with another key (first format, no key id)"
                : "in an unknown form";
    }

    private static String first(Connection connection, String sql, String parameter) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql + " fetch first 1 rows only")) {
            select.setString(1, parameter);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }
}
