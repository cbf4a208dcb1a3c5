package dev.warden.passwords.control;

import dev.warden.platform.problem.ErrorCode;
import dev.warden.platform.problem.FieldError;
import dev.warden.platform.problem.WardenException;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The rules of SPEC section 7. Every failed rule is reported, so a user fixes a password
 * in one round. Length is counted in code points after NFKC normalisation, the form
 * that is hashed.
 */
public class PasswordPolicy {

    public record Settings(int minLength, int maxLength, boolean upper, boolean lower, boolean digit,
                           boolean special) {
    }

    private final Settings settings;
    private final CommonPasswords common;

    public PasswordPolicy(Settings settings, CommonPasswords common) {
        this.settings = settings;
        this.common = common;
    }

    /**
     * @param field    the request field the password came in, named in each error
     * @param previous verifies the candidate against one of the user's recent passwords
     */
    public List<FieldError> violations(String field, String password, String username, String email,
                                       Predicate<String> previous) {
        List<FieldError> errors = new ArrayList<>();
        if (password == null || password.isEmpty()) {
            errors.add(new FieldError(field, "must not be empty"));
            return errors;
        }
        String candidate = PasswordHasher.normalize(password);
        int length = candidate.codePointCount(0, candidate.length());
        if (length < settings.minLength()) {
            errors.add(new FieldError(field, "must be at least " + settings.minLength() + " characters"));
        }
        if (length > settings.maxLength()) {
            errors.add(new FieldError(field, "must be at most " + settings.maxLength() + " characters"));
        }
        if (settings.upper() && candidate.codePoints().noneMatch(Character::isUpperCase)) {
            errors.add(new FieldError(field, "must contain an upper-case letter"));
        }
        if (settings.lower() && candidate.codePoints().noneMatch(Character::isLowerCase)) {
            errors.add(new FieldError(field, "must contain a lower-case letter"));
        }
        if (settings.digit() && candidate.codePoints().noneMatch(Character::isDigit)) {
            errors.add(new FieldError(field, "must contain a digit"));
        }
        if (settings.special() && candidate.codePoints().allMatch(Character::isLetterOrDigit)) {
            errors.add(new FieldError(field, "must contain a character that is not a letter or digit"));
        }
        String lowered = candidate.toLowerCase(Locale.ROOT);
        if (username != null && !username.isBlank() && lowered.contains(username.trim().toLowerCase(Locale.ROOT))) {
            errors.add(new FieldError(field, "must not contain the username"));
        }
        String local = localPart(email);
        // Very short local parts ("a@example.com") would forbid half of all passwords.
        if (local.length() >= 3 && lowered.contains(local)) {
            errors.add(new FieldError(field, "must not contain the email address's name"));
        }
        if (common.contains(candidate)) {
            errors.add(new FieldError(field, "is too common"));
        }
        if (errors.isEmpty() && previous != null && previous.test(password)) {
            errors.add(new FieldError(field, "must differ from your recent passwords"));
        }
        return errors;
    }

    public void check(String field, String password, String username, String email, Predicate<String> previous) {
        List<FieldError> errors = violations(field, password, username, email, previous);
        if (!errors.isEmpty()) {
            throw new WardenException(ErrorCode.WEAK_PASSWORD, null, errors);
        }
    }

    private static String localPart(String email) {
        if (email == null) {
            return "";
        }
        int at = email.indexOf('@');
        return (at < 0 ? email : email.substring(0, at)).trim().toLowerCase(Locale.ROOT);
    }
}
