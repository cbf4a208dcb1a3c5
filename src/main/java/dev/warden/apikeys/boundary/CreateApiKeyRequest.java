package dev.warden.apikeys.boundary;

import dev.warden.platform.control.TextRules;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

public record CreateApiKeyRequest(
        @NotBlank @Size(max = 100) @Pattern(regexp = TextRules.ONE_LINE, message = TextRules.NO_CONTROLS) String keyName,
        @Min(1) @Max(3650) Integer expiresDays) {
}
