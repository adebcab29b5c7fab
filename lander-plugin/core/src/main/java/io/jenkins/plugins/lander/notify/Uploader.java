package io.jenkins.plugins.lander.notify;

import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.ticket.SubTicket;

/**
 * Who made one upload of a ticket: the person to mail about it (seed 001: the person of the
 * original upload, not whoever handled it later).
 *
 * @param changedBy the {@code .changes} Changed-By, or null
 * @param signer the user id of the key that signed the upload, when it was verified, or null
 */
public record Uploader(String source, String version, String changedBy, String signer) {

    public static Uploader of(SourceUpload upload, String signer) {
        return new Uploader(upload.source(), upload.version(), upload.changedBy(), signer);
    }

    /** Changed-By, else the signer. */
    public String person() {
        return changedBy != null && !changedBy.isBlank() ? changedBy : signer;
    }

    boolean made(SubTicket sub) {
        return source.equals(sub.getSourcePackage()) && version.equals(sub.getVersion());
    }
}
