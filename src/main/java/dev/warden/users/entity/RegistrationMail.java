package dev.warden.users.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A registration mail sent to an address (for the per-address hourly limit). */
@Entity
@Table(name = "registration_mails")
public class RegistrationMail {

    @Id
    private UUID id;
    @Column(name = "email_key")
    private String emailKey;
    @Column(name = "sent_at")
    private Instant sentAt;

    protected RegistrationMail() {
    }

    public RegistrationMail(String emailKey, Instant sentAt) {
        this.id = UUID.randomUUID();
        this.emailKey = emailKey;
        this.sentAt = sentAt;
    }
}
