package dev.warden.system.control;

import dev.warden.platform.control.SecretBox;
import dev.warden.platform.db.Migrations;
import dev.warden.platform.db.WardenDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up check that the configured encryption key is the one the database's secrets
 * were made with, on the real schema (the migrations, on H2).
 */
class SealedSecretsCheckTest {

    private static SecretBox box(int seed) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) seed);
        return new SecretBox(key);
    }

    private final SecretBox original = box(1);
    private final SecretBox other = box(2);
    private DataSource database;

    @BeforeEach
    void schema() {
        database = WardenDataSource.create("jdbc:h2:mem:sealed-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", null, null);
        Migrations.migrate(database, SealedSecretsCheckTest.class.getClassLoader());
    }

    private void update(String sql, Object... values) throws Exception {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                s.setObject(i + 1, values[i]);
            }
            s.executeUpdate();
        }
    }

    private void signingKey(String kid, String sealed) throws Exception {
        update("insert into signing_keys (kid, algorithm, public_jwk, private_key, created_at, activated_at) "
                + "values (?, 'RS256', '{}', ?, ?, ?)", kid, sealed, OffsetDateTime.now(), OffsetDateTime.now());
    }

    private UUID user() throws Exception {
        UUID id = UUID.randomUUID();
        update("insert into users (id, username, username_key, email, email_key, password_hash, role, is_active, "
                        + "email_verified, totp_enabled, created_at, updated_at, version, password_version) "
                        + "values (?, ?, ?, ?, ?, 'x', 'viewer', true, true, true, ?, ?, 0, 1)", id, "u" + id, "u" + id,
                id + "@warden.test", id + "@warden.test", OffsetDateTime.now(), OffsetDateTime.now());
        return id;
    }

    private void totp(UUID user, String sealed) throws Exception {
        update("insert into totp_credentials (user_id, secret, enabled, last_used_step, created_at) values (?, ?, true, 0, ?)",
                user, sealed, OffsetDateTime.now());
    }

    private void backupCode(UUID user, String hash) throws Exception {
        update("insert into backup_codes (id, user_id, code_hash, created_at) values (?, ?, ?, ?)", UUID.randomUUID(),
                user, hash, OffsetDateTime.now());
    }

    private String checked(SecretBox box) throws Exception {
        try (Connection c = database.getConnection()) {
            return assertThrows(IllegalStateException.class, () -> SealedSecretsCheck.check(c, box)).getMessage();
        }
    }

    private int rows(String table) throws Exception {
        try (Connection c = database.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from " + table)) {
            r.next();
            return r.getInt(1);
        }
    }

    @Test
    void anEmptyDatabaseAndItsOwnKeyPass() throws Exception {
        assertDoesNotThrow(() -> SealedSecretsCheck.check(database, other));
        signingKey("k1", original.seal("pkcs8".getBytes(StandardCharsets.US_ASCII), SigningKeyStore.PURPOSE));
        signingKey("k2", null); // a key given as PEM in warden.jwt.signing-key: no private half here
        UUID user = user();
        totp(user, original.seal(new byte[20], "totp-secret"));
        backupCode(user, original.keyId() + ":" + "ab".repeat(32));
        assertDoesNotThrow(() -> SealedSecretsCheck.check(database, original));
    }

    @Test
    void anotherKeyIsRefusedNamingBothIdsAndWhatTheyMadeButNoSecret() throws Exception {
        String sealed = original.seal("pkcs8".getBytes(StandardCharsets.US_ASCII), SigningKeyStore.PURPOSE);
        signingKey("k1", sealed);
        signingKey("k2", original.seal("pkcs8".getBytes(StandardCharsets.US_ASCII), SigningKeyStore.PURPOSE));
        String message = checked(other);
        assertTrue(message.contains("warden.encryption.key (key id " + other.keyId() + ") is not the key"), message);
        assertTrue(message.contains("2 signing keys sealed with key id " + original.keyId()), message);
        assertTrue(message.contains("Nothing was changed"), message);
        assertFalse(message.contains(sealed.substring(12, 30)), "no part of a sealed value: " + message);
        assertEquals(2, rows("signing_keys"));
    }

    @Test
    void twoFactorSecretsAndBackupCodesOfAnotherKeyAreFoundToo() throws Exception {
        signingKey("k1", other.seal("pkcs8".getBytes(StandardCharsets.US_ASCII), SigningKeyStore.PURPOSE));
        UUID user = user();
        totp(user, original.seal(new byte[20], "totp-secret"));
        String message = checked(other);
        assertTrue(message.contains("TOTP secrets sealed with key id " + original.keyId()), message);
        assertFalse(message.contains("signing key"), "the signing key opens: " + message);

        update("delete from totp_credentials");
        backupCode(user, original.keyId() + ":" + "ab".repeat(32));
        message = checked(other);
        assertTrue(message.contains("backup codes keyed with key id " + original.keyId()), message);
        // a used backup code is never compared again: it does not stop a start
        update("update backup_codes set used_at = ?", OffsetDateTime.now());
        assertDoesNotThrow(() -> SealedSecretsCheck.check(database, other));
    }

    @Test
    void aSigningKeyOfTheFirstFormatIsOpenedToTell() throws Exception {
        // the first format names no key: only opening it tells
        String v2 = original.seal("pkcs8".getBytes(StandardCharsets.US_ASCII), SigningKeyStore.PURPOSE);
        String v1 = "v1." + v2.substring(v2.indexOf('.', 3) + 1);
        signingKey("k1", v1);
        assertDoesNotThrow(() -> SealedSecretsCheck.check(database, original));
        assertTrue(checked(other).contains("1 signing key sealed with another key (first format, no key id)"));
    }

    @Test
    void aChangedValueUnderTheRightIdIsNamedAsChanged() throws Exception {
        String sealed = original.seal("pkcs8".getBytes(StandardCharsets.US_ASCII), SigningKeyStore.PURPOSE);
        char last = sealed.charAt(sealed.length() - 3);
        signingKey("k1", sealed.substring(0, sealed.length() - 3) + (last == 'A' ? 'B' : 'A') + sealed.substring(sealed.length() - 2));
        assertTrue(checked(original).contains("1 signing key whose sealed value was changed"));
    }

    /**
     * The rotation: with the old key listed in warden.encryption.previous-keys what it made
     * passes; without it the start is refused, saying so; and once the values are sealed
     * again, what still needs the old key is counted (the backup codes it keyed).
     */
    @Test
    void aPreviousKeyCountsAsKnownAndWhatStillNeedsItIsCounted() throws Exception {
        signingKey("k1", original.seal("pkcs8".getBytes(StandardCharsets.US_ASCII), SigningKeyStore.PURPOSE));
        UUID user = user();
        totp(user, original.seal(new byte[20], "totp-secret"));
        backupCode(user, original.keyId() + ":" + "ab".repeat(32));
        byte[] otherKey = new byte[32];
        java.util.Arrays.fill(otherKey, (byte) 2);
        byte[] originalKey = new byte[32];
        java.util.Arrays.fill(originalKey, (byte) 1);
        SecretBox rotated = new SecretBox(otherKey, java.util.List.of(originalKey));
        assertDoesNotThrow(() -> SealedSecretsCheck.check(database, rotated));
        assertEquals(java.util.List.of("The previous encryption key " + original.keyId() + " is still needed by 1 signing "
                + "key(s) and 1 TOTP secret(s) sealed by an instance still running with it (the next start seals them "
                + "again), 1 user(s)' unused backup codes (they cannot be keyed again; they move to the current key when "
                + "the user regenerates them or turns 2FA off): keep it in warden.encryption.previous-keys until then."),
                SealedSecretsCheck.previousKeyUse(database, rotated));

        String message = checked(new SecretBox(otherKey, java.util.List.of(new byte[32])));
        assertTrue(message.contains("or warden.encryption.previous-keys (key ids " + box(0).keyId() + ") is not the key"),
                message);
        assertTrue(message.contains("keep the old one in warden.encryption.previous-keys"), message);

        update("update signing_keys set private_key = ?", other.seal(new byte[]{1}, SigningKeyStore.PURPOSE));
        update("update totp_credentials set secret = ?", other.seal(new byte[20], "totp-secret"));
        assertTrue(SealedSecretsCheck.previousKeyUse(database, rotated).get(0)
                .startsWith("The previous encryption key " + original.keyId() + " is still needed by 1 user(s)' unused"));
        update("delete from backup_codes");
        assertEquals(java.util.List.of("Nothing uses the previous encryption key " + original.keyId() + " any more: "
                + "remove it from warden.encryption.previous-keys once every instance runs with the current key."),
                SealedSecretsCheck.previousKeyUse(database, rotated));
        assertDoesNotThrow(() -> SealedSecretsCheck.check(database, other));
    }
}
