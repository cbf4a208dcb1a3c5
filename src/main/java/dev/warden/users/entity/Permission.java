package dev.warden.users.entity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.warden.users.entity.Role.ADMIN;
import static dev.warden.users.entity.Role.ANALYST;
import static dev.warden.users.entity.Role.VIEWER;

/** The permission matrix of SPEC section 3. */
public enum Permission {
    USERS_CREATE("users:create", ADMIN),
    USERS_READ("users:read", ADMIN),
    USERS_UPDATE("users:update", ADMIN),
    USERS_DELETE("users:delete", ADMIN),
    REPORTS_CREATE("reports:create", ADMIN, ANALYST),
    REPORTS_READ("reports:read", ADMIN, ANALYST, VIEWER),
    REPORTS_UPDATE("reports:update", ADMIN, ANALYST),
    REPORTS_DELETE("reports:delete", ADMIN, ANALYST),
    ALERTS_READ("alerts:read", ADMIN, ANALYST, VIEWER),
    ALERTS_UPDATE("alerts:update", ADMIN, ANALYST),
    SYSTEM_MANAGE("system:manage", ADMIN);

    private final String value;
    private final Set<Role> roles;

    Permission(String value, Role first, Role... rest) {
        this.value = value;
        this.roles = EnumSet.of(first, rest);
    }

    public String value() {
        return value;
    }

    public static List<String> of(Role role) {
        return Arrays.stream(values()).filter(p -> p.roles.contains(role)).map(Permission::value).toList();
    }
}
