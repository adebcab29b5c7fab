package io.jenkins.plugins.lander.source;

import java.util.Optional;

/**
 * What {@link SignatureVerifier} found: the signer of the upload's descriptor, or nothing when no
 * keyring was configured and the upload was accepted unverified.
 */
public record Verification(Optional<Signer> signer) {
    public static Verification notVerified() {
        return new Verification(Optional.empty());
    }

    public static Verification signedBy(Signer signer) {
        return new Verification(Optional.of(signer));
    }

    public boolean verified() {
        return signer.isPresent();
    }

    /** For the ticket and notifications. */
    public String describe() {
        return signer.map(s -> "signed by " + s).orElse("not verified (no keyring configured)");
    }
}
