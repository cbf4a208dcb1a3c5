package dev.warden.auth.boundary;

import dev.warden.auth.control.AuthService;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

@JsonbPropertyOrder({"accessToken", "refreshToken", "tokenType", "expiresIn", "refreshExpiresIn"})
public record TokenResponse(
        @JsonbProperty("access_token") String accessToken,
        @JsonbProperty("refresh_token") String refreshToken,
        @JsonbProperty("token_type") String tokenType,
        @JsonbProperty("expires_in") long expiresIn,
        @JsonbProperty("refresh_expires_in") long refreshExpiresIn) {

    static TokenResponse of(AuthService.IssuedTokens tokens) {
        return new TokenResponse(tokens.accessToken(), tokens.refreshToken(), "bearer", tokens.expiresIn(),
                tokens.refreshExpiresIn());
    }
}
