package dev.warden.users.control;

import dev.warden.audit.control.Audited;
import dev.warden.audit.entity.EventType;
import dev.warden.platform.problem.ErrorCode;
import dev.warden.passwords.control.PasswordHasher;
import dev.warden.platform.problem.WardenException;
import dev.warden.users.entity.Role;
import dev.warden.users.entity.User;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Brings users over from another system with their bcrypt hashes, so they keep their
 * passwords: {@code $2a$}, {@code $2b$} and {@code $2y$} (Python's bcrypt, PHP's
 * password_hash, htpasswd -B, Spring's BCryptPasswordEncoder), and Warden's own
 * {@code bcrypt-sha384:} hashes. Such a hash is upgraded to the current scheme and cost
 * at the user's first login. Each entry is its own transaction: a bad entry is reported
 * and skipped, and a failure never undoes an entry already imported.
 */
@ApplicationScoped
public class UserImport {

    /** Above this cost one login would tie up a core for seconds; below 4 is not bcrypt. */
    static final int MAX_COST = 15;
    static final int MIN_COST = 4;

    private static final Pattern USERNAME = Pattern.compile(User.USERNAME_PATTERN);

    /**
     * An address as every other request takes it (creating a user, registering, changing
     * it): Bean Validation's {@code @Email} and {@link User#EMAIL_PATTERN}. Until 2026-12-05
     * an import checked the pattern alone and took what the others refuse ({@code a@-x.org},
     * {@code a@x.org.}, control characters in the local part).
     */
    record Address(@Size(max = 254) @Email(regexp = User.EMAIL_PATTERN) String email) {
    }

    public record Entry(String username, String email, String role, String passwordHash) {
    }

    public record Failure(int index, String username, String code, String field, String message) {
    }

    public record Result(int imported, int skipped, List<Failure> errors) {
    }

    @Inject
    UserWriter writer;

    @Inject
    Clock clock;

    @Inject
    Validator validator;

    public Result importAll(List<Entry> entries) {
        List<Failure> errors = new ArrayList<>();
        int imported = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            Optional<Failure> invalid = validate(i, entry);
            if (invalid.isPresent()) {
                errors.add(invalid.get());
                continue;
            }
            try {
                writer.insert(new User(entry.username(), entry.email(), entry.passwordHash(),
                        Role.parse(entry.role()).orElseThrow(), true, clock.instant()),
                        Audited.success(EventType.USERS_IMPORTED).with("index", i));
                imported++;
            } catch (WardenException e) {
                errors.add(new Failure(i, entry.username(), e.code(), null, e.getMessage()));
            }
        }
        return new Result(imported, entries.size() - imported, errors);
    }

    private Optional<Failure> validate(int index, Entry entry) {
        if (entry == null) {
            return Optional.of(new Failure(index, null, ErrorCode.VALIDATION_FAILED.code(), null, "must be an object"));
        }
        String name = entry.username();
        if (name == null || !USERNAME.matcher(name).matches()) {
            return invalid(index, entry, "username", "must be 3..50 letters, digits, '.', '_' or '-'");
        }
        // surrounding spaces, common in exported lists, are trimmed (the stored address is)
        if (entry.email() == null || entry.email().isBlank()
                || !validator.validate(new Address(entry.email().trim())).isEmpty()) {
            return invalid(index, entry, "email", "must be a valid email address");
        }
        if (entry.role() == null || Role.parse(entry.role()).isEmpty()) {
            return invalid(index, entry, "role", "must be admin, analyst or viewer");
        }
        String hash = entry.passwordHash();
        if (!PasswordHasher.isImportable(hash)) {
            return invalid(index, entry, "password_hash",
                    "must be a bcrypt hash ($2a$, $2b$ or $2y$) or a Warden bcrypt-sha384: hash");
        }
        int cost = PasswordHasher.costOfStored(hash);
        if (cost < MIN_COST || cost > MAX_COST) {
            return invalid(index, entry, "password_hash", "bcrypt cost must be " + MIN_COST + ".." + MAX_COST);
        }
        return Optional.empty();
    }

    private static Optional<Failure> invalid(int index, Entry entry, String field, String message) {
        return Optional.of(new Failure(index, entry.username(), ErrorCode.VALIDATION_FAILED.code(), field, message));
    }
}
