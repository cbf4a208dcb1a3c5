package dev.warden.twofactor.boundary;

import dev.warden.twofactor.control.Enrolment;
import jakarta.json.bind.annotation.JsonbPropertyOrder;

/**
 * A pending secret: base32 (160 bits), the otpauth URI authenticator apps read, and that
 * URI as a QR code ({@code data:image/png;base64,...}). Shown only here, before it is confirmed.
 */
@JsonbPropertyOrder({"secret", "otpauthUri", "qrCode"})
public record EnrolmentView(String secret, String otpauthUri, String qrCode) {

    static EnrolmentView of(Enrolment enrolment) {
        return new EnrolmentView(enrolment.secret(), enrolment.otpauthUri(), enrolment.qrCode());
    }
}
