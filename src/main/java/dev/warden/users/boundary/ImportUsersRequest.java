package dev.warden.users.boundary;

import dev.warden.users.control.UserImport;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.util.List;

/** Entries are checked one by one by the import, so that a bad one is reported, not fatal. */
public record ImportUsersRequest(@NotNull @Size(min = 1, max = 1000) List<Entry> users) {

    public record Entry(String username, String email, String role, String passwordHash) {
        UserImport.Entry toImport() {
            return new UserImport.Entry(username, email, role, passwordHash);
        }
    }
}
