package dev.warden.passwords.control;

import dev.warden.platform.problem.FieldError;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordPolicyTest {

    static PasswordPolicy cut;

    @BeforeAll
    static void policy() {
        cut = new PasswordPolicy(new PasswordPolicy.Settings(12, 128, true, true, true, true), CommonPasswords.load());
    }

    private List<String> messages(String password, String username, String email) {
        return cut.violations("password", password, username, email, null).stream().map(FieldError::message).toList();
    }

    @Test
    void aGoodPasswordPasses() {
        assertEquals(List.of(), messages("Correct#Horse-9", "alice", "alice@example.org"));
    }

    @Test
    void everyFailedRuleIsReported() {
        List<String> failed = messages("alice", "alice", "alice@example.org");
        assertTrue(failed.containsAll(List.of("must be at least 12 characters", "must contain an upper-case letter",
                "must contain a digit", "must contain a character that is not a letter or digit",
                "must not contain the username", "must not contain the email address's name")), failed.toString());
    }

    @Test
    void lengthCountsCodePointsAfterNormalisation() {
        assertTrue(messages("Aa1#" + "ｘ".repeat(7), "bob", "bob@example.org").contains("must be at least 12 characters"));
        assertEquals(List.of(), messages("Aa1#" + "😀".repeat(8), "bob", "bob@example.org"));
        assertTrue(messages("Aa1#" + "x".repeat(125), "bob", "bob@example.org").contains("must be at most 128 characters"));
    }

    @Test
    void usernameAndEmailNameIgnoringCase() {
        assertTrue(messages("xxALICExx#1Y", "alice", "z@example.org").contains("must not contain the username"));
        assertTrue(messages("xxCAROLxx#1Y", "bob", "carol@example.org").contains("must not contain the email address's name"));
        assertEquals(List.of(), messages("Longer#Pass-1ab", "bob", "ab@example.org"), "two-letter local parts are not checked");
    }

    @Test
    void commonPasswordsIgnoringCase() {
        assertTrue(messages("QWERTYUIOP123", "bob", "bob@example.org").contains("is too common"));
        assertTrue(CommonPasswords.load().size() > 130_000, "the whole shipped list is loaded");
    }

    @Test
    void switchedOffRulesAreNotChecked() {
        PasswordPolicy lenient = new PasswordPolicy(new PasswordPolicy.Settings(8, 64, false, false, false, false), CommonPasswords.load());
        assertEquals(List.of(), lenient.violations("password", "zebra crossing", "bob", "bob@example.org", null));
    }

    @Test
    void recentPasswordsOnlyWhenEverythingElsePasses() {
        assertEquals(List.of(new FieldError("new_password", "must differ from your recent passwords")),
                cut.violations("new_password", "Correct#Horse-9", "bob", "bob@example.org", p -> true));
    }
}
