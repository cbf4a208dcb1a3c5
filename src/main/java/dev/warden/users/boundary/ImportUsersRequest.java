package dev.warden.users.boundary;

import dev.warden.users.control.UserImport;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** Entries are checked one by one by the import, so that a bad one is reported, not fatal. */
public record ImportUsersRequest(@NotNull @Size(min = 1, max = 1000) List<Entry> users) {

    /** Checked one by one by the import: a missing or bad member makes that entry an error, not the request. */
    @Schema(nullable = true, description = "One user to import. Each entry is checked on its own: a null entry, or a "
            + "missing or invalid member (username: 3..50 letters, digits, '.', '_' or '-'; email: a valid address; "
            + "role: admin, analyst or viewer; password_hash: a supported hash) makes that entry an error of the "
            + "answer, not the request a 400")
    public record Entry(String username, String email, String role,
                        @Schema(description = "$2a$, $2b$ or $2y$ bcrypt (cost 4..15), or Warden's bcrypt-sha384:")
                        String passwordHash) {
        UserImport.Entry toImport() {
            return new UserImport.Entry(username, email, role, passwordHash);
        }
    }
}
