package dev.warden.twofactor.control;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.warden.platform.control.SecretBox;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnrolmentTest {

    @Test
    void theUriFollowsTheKeyUriFormatAndTheQrCodeReadsBackToIt() throws Exception {
        Enrolment enrolment = Enrolment.of("Warden Corp", "alice@example.org", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
        assertEquals("otpauth://totp/Warden%20Corp:alice%40example.org?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
                + "&issuer=Warden%20Corp&algorithm=SHA1&digits=6&period=30", enrolment.otpauthUri());
        assertTrue(enrolment.qrCode().startsWith("data:image/png;base64,"));
        byte[] png = Base64.getDecoder().decode(enrolment.qrCode().substring("data:image/png;base64,".length()));
        assertEquals(enrolment.otpauthUri(), read(enrolment.qrCode()));
        assertTrue(png.length > 0);
    }

    /**
     * Every QR code reads back, whatever the account name's length (each length is another
     * QR version). Read as a pure barcode, which is what the PNG is: ZXing's camera-image
     * detector misses the finder patterns of about 2 in 120 of these symbols whatever the
     * module size (a quirk of its detector with some data patterns, measured; phone apps
     * use their own).
     */
    @Test
    void qrCodesOfManyUrisReadBack() throws Exception {
        for (int length = 1; length <= 60; length++) {
            String account = "u".repeat(length);
            Enrolment enrolment = Enrolment.of("Warden", account, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
            assertEquals(enrolment.otpauthUri(), read(enrolment.qrCode()), account);
        }
    }

    static String read(String dataUri) throws Exception {
        byte[] png = Base64.getDecoder().decode(dataUri.substring("data:image/png;base64,".length()));
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new BufferedImageLuminanceSource(ImageIO.read(new ByteArrayInputStream(png))))),
                java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, true)).getText();
    }

    @Test
    void backupCodesAreTenDistinctUnambiguousCodes() {
        List<String> codes = BackupCodeFormat.generate();
        assertEquals(10, codes.size());
        assertEquals(10, new HashSet<>(codes).size());
        for (String code : codes) {
            assertTrue(code.matches("[2-9A-HJKMNP-Z]{8}"), code);
            assertFalse(code.matches(".*[01OIL].*"), code);
        }
        assertEquals("ABCD2345", BackupCodeFormat.normalize("abcd-2345").orElseThrow());
        assertEquals("ABCD2345", BackupCodeFormat.normalize(" ABCD 2345 ").orElseThrow());
        for (String bad : new String[]{null, "", "ABCD234", "ABCD23456", "ABCD0345", "ABCDI345", "ABCD-234!"}) {
            assertTrue(BackupCodeFormat.normalize(bad).isEmpty(), "'" + bad + "'");
        }
    }

    @Test
    void backupCodeHashesAreKeyedPerUserAndNameTheKey() {
        SecretBox box = new SecretBox(new byte[32]);
        UUID user = UUID.randomUUID();
        String hash = BackupCodeFormat.hash(box, user, "ABCD2345");
        assertEquals(hash, BackupCodeFormat.hash(box, user, "ABCD2345"));
        assertTrue(hash.startsWith(box.keyId() + ":"));
        assertNotEquals(hash, BackupCodeFormat.hash(box, UUID.randomUUID(), "ABCD2345"), "another user");
        byte[] other = new byte[32];
        other[0] = 9;
        assertNotEquals(hash, BackupCodeFormat.hash(new SecretBox(other), user, "ABCD2345"), "another key");
    }

    /** After a rotation a code made before it is checked under the key that made it. */
    @Test
    void backupCodesAreCheckedUnderEveryKeyThatStillOpens() {
        byte[] old = new byte[32];
        byte[] current = new byte[32];
        current[0] = 9;
        UUID user = UUID.randomUUID();
        SecretBox rotated = new SecretBox(current, java.util.List.of(old));
        assertEquals(java.util.List.of(BackupCodeFormat.hash(new SecretBox(current), user, "ABCD2345"),
                        BackupCodeFormat.hash(new SecretBox(old), user, "ABCD2345")),
                BackupCodeFormat.hashes(rotated, user, "ABCD2345"), "the current key's first, then the previous key's");
        assertEquals(BackupCodeFormat.hash(new SecretBox(current), user, "ABCD2345"),
                BackupCodeFormat.hash(rotated, user, "ABCD2345"), "new codes under the current key only");
        assertEquals(1, BackupCodeFormat.hashes(new SecretBox(current), user, "ABCD2345").size());
    }
}
