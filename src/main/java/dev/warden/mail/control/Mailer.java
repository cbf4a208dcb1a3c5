package dev.warden.mail.control;

import dev.warden.platform.control.BackgroundWork;
import dev.warden.platform.db.Database;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends {@link Mail}s. {@link #send} only records the wish: the mail leaves after the
 * caller's transaction commits (nothing is mailed for a change that rolled back), on one of
 * {@value #THREADS} background threads, never the request's (see {@link BackgroundWork} for
 * why not the container's executor). Up to {@value #QUEUE} mails wait at
 * once (more are dropped and counted, with a WARNING); each gets {@value #ATTEMPTS}
 * attempts, 2 s and 10 s apart. A mail that cannot be sent is logged with its purpose and
 * the masked recipient, never its content (it may carry a token), and the request that
 * asked for it has long been answered.
 * <p>
 * Where: the SMTP server of {@code warden.mail.smtp.*} ({@code tls}: {@code starttls}
 * (required), {@code tls} (implicit) or {@code none}; credentials optional), or the
 * container's mail session named in {@code warden.mail.session}. Neither set: in the
 * embedded default run the mail is written to the server log between markers so a
 * developer can follow the link; otherwise start-up warns that these mails cannot be sent.
 */
@ApplicationScoped
public class Mailer {

    static final int QUEUE = 200;
    static final int THREADS = 2;
    static final int ATTEMPTS = 3;
    static final String MARKER = "===== WARDEN MAIL (no SMTP configured: development run) =====";
    private static final long[] DELAYS_MS = {0, 2_000, 10_000};
    private static final Logger LOG = Logger.getLogger(Mailer.class.getName());

    /** The wish to send, fired inside the caller's transaction. */
    public record Requested(Mail mail) {
    }

    @Inject
    Event<Requested> requested;

    @Resource
    ManagedThreadFactory threads;

    @Inject
    @ConfigProperty(name = "warden.mail.smtp.host")
    Optional<String> host;

    @Inject
    @ConfigProperty(name = "warden.mail.smtp.port", defaultValue = "587")
    int port;

    @Inject
    @ConfigProperty(name = "warden.mail.smtp.username")
    Optional<String> username;

    @Inject
    @ConfigProperty(name = "warden.mail.smtp.password")
    Optional<String> password;

    @Inject
    @ConfigProperty(name = "warden.mail.smtp.tls", defaultValue = "starttls")
    String tls;

    @Inject
    @ConfigProperty(name = "warden.mail.from", defaultValue = "Warden <no-reply@localhost>")
    String from;

    @Inject
    @ConfigProperty(name = "warden.mail.session")
    Optional<String> sessionName;

    @Inject
    @ConfigProperty(name = "warden.db.url")
    Optional<String> dbUrl;

    @Inject
    PublicLinks links;

    private final BackgroundWork work = new BackgroundWork("warden-mail");
    private final Semaphore queue = new Semaphore(QUEUE);
    private final AtomicLong dropped = new AtomicLong();
    private volatile Session session;

    /** Sends the mail once the current transaction commits (at once without one). */
    public void send(Mail mail) {
        requested.fire(new Requested(mail));
    }

    /** Whether mails can leave this server (SMTP or a mail session); false means the log or nowhere. */
    public boolean configured() {
        return host.filter(h -> !h.isBlank()).isPresent() || sessionName.filter(n -> !n.isBlank()).isPresent();
    }

    private boolean developmentLog() {
        return !configured() && Database.embedded(dbUrl.filter(u -> !u.isBlank()).orElse(Database.DEFAULT_URL));
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object event) {
        if (!("starttls".equals(tls) || "tls".equals(tls) || "none".equals(tls))) {
            throw new IllegalStateException("warden.mail.smtp.tls must be starttls, tls or none, not '" + tls + "'");
        }
        address(from);
        links.concern(configured()).ifPresent(LOG::warning);
        if (developmentLog()) {
            LOG.info("No SMTP configured (warden.mail.smtp.host or warden.mail.session): password-reset and "
                    + "registration mails are written to this log, development run only");
        } else if (!configured()) {
            LOG.warning("No SMTP configured (warden.mail.smtp.host or warden.mail.session): password-reset and "
                    + "registration mails cannot be sent; those requests are answered but no mail leaves");
        }
        work.start(threads, THREADS);
    }

    @PreDestroy
    void stop() {
        work.stop();
    }

    void afterCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) Requested request) {
        if (!queue.tryAcquire()) {
            LOG.warning("Mail queue full (" + QUEUE + " waiting): dropped a " + request.mail().purpose() + " mail to "
                    + masked(request.mail().to()) + " (" + dropped.incrementAndGet() + " dropped so far)");
            return;
        }
        schedule(request.mail(), 0);
    }

    private void schedule(Mail mail, int attempt) {
        if (!work.schedule(() -> attempt(mail, attempt), DELAYS_MS[attempt], TimeUnit.MILLISECONDS)) {
            queue.release();
            LOG.warning("Could not queue a " + mail.purpose() + " mail to " + masked(mail.to()) + ": shutting down");
        }
    }

    private void attempt(Mail mail, int attempt) {
        try {
            deliver(mail);
            queue.release();
        } catch (Exception e) {
            if (attempt + 1 < ATTEMPTS) {
                LOG.log(Level.FINE, "Sending a {0} mail failed (attempt {1}); retrying", new Object[]{mail.purpose(), attempt + 1});
                schedule(mail, attempt + 1);
            } else {
                queue.release();
                LOG.warning("Could not send a " + mail.purpose() + " mail to " + masked(mail.to()) + " after "
                        + ATTEMPTS + " attempts: " + summary(e));
            }
        }
    }

    private void deliver(Mail mail) throws MessagingException {
        MailTemplates.Rendered rendered = MailTemplates.render(mail.template(), mail.values());
        if (developmentLog()) {
            LOG.info("\n" + MARKER + "\nTo: " + mail.to() + "\nSubject: " + rendered.subject() + "\n\n"
                    + rendered.text() + "\n===== END WARDEN MAIL =====");
            return;
        }
        if (!configured()) {
            throw new MessagingException("no SMTP server configured");
        }
        Session mailSession = session();
        MimeMessage message = new MimeMessage(mailSession);
        message.setFrom(address(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(rendered.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(rendered.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeBodyPart html = new MimeBodyPart();
        html.setText(rendered.html(), StandardCharsets.UTF_8.name(), "html");
        message.setContent(new MimeMultipart("alternative", text, html));
        message.saveChanges(); // sets Message-ID
        if (sessionName.filter(n -> !n.isBlank()).isEmpty() && username.filter(u -> !u.isBlank()).isPresent()) {
            Transport.send(message, username.get(), password.orElse(""));
        } else {
            Transport.send(message);
        }
    }

    private Session session() {
        Session current = session;
        if (current != null) {
            return current;
        }
        if (sessionName.filter(n -> !n.isBlank()).isPresent()) {
            try {
                current = InitialContext.doLookup(sessionName.get());
            } catch (NamingException e) {
                throw new IllegalStateException("warden.mail.session " + sessionName.get() + " is not a mail session", e);
            }
        } else {
            Properties p = new Properties();
            // Transport.send picks the transport by address type (rfc822: smtp), so implicit TLS is
            // smtp with ssl.enable rather than the smtps protocol.
            p.put("mail.smtp.host", host.get());
            p.put("mail.smtp.port", String.valueOf(port));
            p.put("mail.smtp.connectiontimeout", String.valueOf(Duration.ofSeconds(10).toMillis()));
            p.put("mail.smtp.timeout", String.valueOf(Duration.ofSeconds(10).toMillis()));
            p.put("mail.smtp.writetimeout", String.valueOf(Duration.ofSeconds(10).toMillis()));
            p.put("mail.smtp.auth", String.valueOf(username.filter(u -> !u.isBlank()).isPresent()));
            if ("starttls".equals(tls)) {
                p.put("mail.smtp.starttls.enable", "true");
                p.put("mail.smtp.starttls.required", "true");
            }
            if ("tls".equals(tls)) {
                p.put("mail.smtp.ssl.enable", "true");
            }
            p.put("mail.smtp.ssl.checkserveridentity", "true");
            p.put("mail.from", address(from).getAddress());
            current = Session.getInstance(p);
        }
        session = current;
        return current;
    }

    private static InternetAddress address(String value) {
        try {
            return new InternetAddress(value, true);
        } catch (MessagingException e) {
            throw new IllegalStateException("warden.mail.from is not a mail address: " + value);
        }
    }

    /** a***@example.org: enough to tell mails apart in a log, not to harvest addresses. */
    public static String masked(String address) {
        int at = address == null ? -1 : address.indexOf('@');
        return at < 1 ? "***" : address.charAt(0) + "***" + address.substring(at);
    }

    private static String summary(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return e.getClass().getSimpleName() + (root != e ? " (" + root.getClass().getSimpleName() + ")" : "")
                + ": " + e.getMessage();
    }
}
