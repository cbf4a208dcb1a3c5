package dev.warden.users.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

@Entity
@Table(name = "users")
@NamedQuery(name = User.BY_LOGIN, query = "select u from User u where u.usernameKey = :key or u.emailKey = :key")
@NamedQuery(name = User.BY_USERNAME_OR_EMAIL, query = "select u from User u where u.usernameKey = :username or u.emailKey = :email")
@NamedQuery(name = User.COUNT_ACTIVE_ADMINS, query = "select count(u) from User u where u.role = :role and u.active = true")
public class User {

    /** The unique constraints of the schema (V1) that mean "taken". */
    public static final String UNIQUE_USERNAME = "uq_users_username_key";
    public static final String UNIQUE_EMAIL = "uq_users_email_key";

    /** 3..50 letters, digits, '.', '_' or '-'. */
    public static final String USERNAME_PATTERN = "[A-Za-z0-9._-]{3,50}";
    /** Something@domain.tld, no spaces; the mail server has the last word. */
    public static final String EMAIL_PATTERN = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";
    /** The longest email address (RFC 5321 path limit), and so the longest user search. */
    public static final int EMAIL_MAX_LENGTH = 254;

    public static final String BY_LOGIN = "User.byLogin";
    public static final String BY_USERNAME_OR_EMAIL = "User.byUsernameOrEmail";
    public static final String COUNT_ACTIVE_ADMINS = "User.countActiveAdmins";

    @Id
    private UUID id;
    private String username;
    @Column(name = "username_key")
    private String usernameKey;
    private String email;
    @Column(name = "email_key")
    private String emailKey;
    @Column(name = "password_hash")
    private String passwordHash;
    @Convert(converter = RoleConverter.class)
    private Role role;
    @Column(name = "is_active")
    private boolean active;
    @Column(name = "email_verified")
    private boolean emailVerified;
    @Column(name = "totp_enabled")
    private boolean totpEnabled;
    @Column(name = "created_at")
    private Instant createdAt;
    @Column(name = "updated_at")
    private Instant updatedAt;
    @Column(name = "last_login")
    private Instant lastLogin;
    @Column(name = "password_version")
    private int passwordVersion;
    @Version
    private long version;

    protected User() {
    }

    public User(String username, String email, String passwordHash, Role role, boolean emailVerified, Instant now) {
        this.id = UUID.randomUUID();
        this.username = username;
        this.usernameKey = key(username);
        changeEmail(email);
        this.passwordHash = passwordHash;
        this.role = role;
        this.active = true;
        this.emailVerified = emailVerified;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** The case-insensitive form used for uniqueness and lookups. */
    public static String key(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }

    public void changeEmail(String email) {
        this.email = email.trim();
        this.emailKey = key(email);
    }

    public void changeRole(Role role) { this.role = role; }
    public void changeActive(boolean active) { this.active = active; }
    /** A new password (not a rehash of the same one): its version moves on. */
    public void changePassword(String hash) {
        this.passwordHash = hash;
        this.passwordVersion++;
    }

    /** Which password the hash is of; a rehash at login keeps it. */
    public int passwordVersion() { return passwordVersion; }
    public void touch(Instant now) { this.updatedAt = now; }

    public UUID id() { return id; }
    public String username() { return username; }
    public String usernameKey() { return usernameKey; }
    public String email() { return email; }
    public String emailKey() { return emailKey; }
    public String passwordHash() { return passwordHash; }
    public Role role() { return role; }
    public boolean active() { return active; }
    public boolean emailVerified() { return emailVerified; }
    public boolean totpEnabled() { return totpEnabled; }
    public Instant createdAt() { return createdAt; }
    public Instant updatedAt() { return updatedAt; }
    public Instant lastLogin() { return lastLogin; }
}
