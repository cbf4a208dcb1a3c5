package dev.warden.it;

import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mails the shared deployment sent to the test run's SMTP server, read as a recipient would. */
final class Mailbox {

    private Mailbox() {
    }

    /** The mails that reached this address so far. */
    static List<MimeMessage> to(String address) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage message : WardenServer.mail().getReceivedMessages()) {
            if (isTo(message, address)) {
                found.add(message);
            }
        }
        return found;
    }

    /**
     * Whether the mail went to this address. The shared SMTP server also holds mails to
     * internationalized addresses ({@code ü…@ü.de}, SpoiledMemberIT), which Jakarta Mail's
     * strict parsing refuses: those are compared on the raw header.
     */
    static boolean isTo(MimeMessage message, String address) throws jakarta.mail.MessagingException {
        try {
            return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address));
        } catch (jakarta.mail.internet.AddressException internationalized) {
            String to = message.getHeader("To", ",");
            return to != null && Arrays.stream(to.split(",")).map(String::strip).anyMatch(address::equals);
        }
    }

    /**
     * Exactly {@code count} mails reached this address: waits for them, then a moment more
     * for any mail beyond them (mails leave after the answer), and counts again.
     */
    static void assertExactly(String address, int count) throws Exception {
        await(address, count);
        Thread.sleep(1_500);
        org.junit.jupiter.api.Assertions.assertEquals(count, to(address).size(), "mails to " + address);
    }

    /** The subjects of exactly {@code count} mails to this address, sorted (mails leave in no set order). */
    static List<String> subjects(String address, int count) throws Exception {
        assertExactly(address, count);
        List<String> subjects = new ArrayList<>();
        for (MimeMessage message : to(address)) {
            subjects.add(message.getSubject());
        }
        subjects.sort(null);
        return subjects;
    }

    /** Waits (up to 15 s) for the count-th mail to this address. */
    static MimeMessage await(String address, int count) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            List<MimeMessage> mails = to(address);
            if (mails.size() >= count) {
                return mails.get(count - 1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail number " + count + " to " + address);
    }

    /** Waits (up to 15 s) for a mail to this address with this subject (others may come before it). */
    static MimeMessage awaitSubject(String address, String subject) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            for (MimeMessage mail : to(address)) {
                if (subject.equals(mail.getSubject())) {
                    return mail;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no mail \"" + subject + "\" to " + address);
    }

    /** The part of this MIME type (text/plain, text/html). */
    static String part(MimeMessage message, String type) throws Exception {
        MimeMultipart parts = (MimeMultipart) message.getContent();
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.isMimeType(type)) {
                return (String) part.getContent();
            }
        }
        throw new AssertionError("no " + type + " part");
    }

    /** The token of the link to this page ({@code <public-url>/<page>?token=...}) in the text part. */
    static String token(MimeMessage message, String page) throws Exception {
        Matcher link = Pattern.compile(Pattern.quote(WardenServer.PUBLIC_URL) + "/" + page
                + "\\?token=([A-Za-z0-9_-]{43})").matcher(part(message, "text/plain"));
        assertTrue(link.find(), "a " + page + " link in the text part");
        Secrets.add(link.group(1));
        return link.group(1);
    }
}
