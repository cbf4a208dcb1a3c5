package dev.warden.users.boundary;

import jakarta.annotation.Nullable;
import dev.warden.users.control.UserImport;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

import java.util.List;

/** imported + skipped = entries sent; each skipped entry has one error naming its index. */
@JsonbPropertyOrder({"imported", "skipped", "errors"})
public record ImportResult(int imported, int skipped, List<Error> errors) {

    @JsonbNillable
    @JsonbPropertyOrder({"index", "username", "code", "field", "message"})
    public record Error(int index, @Nullable String username, String code, @Nullable String field, String message) {
    }

    static ImportResult of(UserImport.Result result) {
        return new ImportResult(result.imported(), result.skipped(), result.errors().stream()
                .map(f -> new Error(f.index(), f.username(), f.code(), f.field(), f.message())).toList());
    }
}
