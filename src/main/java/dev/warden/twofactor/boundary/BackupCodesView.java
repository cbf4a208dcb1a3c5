package dev.warden.twofactor.boundary;

import java.util.List;

/** The 10 backup codes, shown this once. */
public record BackupCodesView(List<String> backupCodes) {
}
