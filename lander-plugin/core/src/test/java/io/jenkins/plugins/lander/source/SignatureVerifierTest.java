package io.jenkins.plugins.lander.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ToolClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real keys made by gpg, real signatures, verified by gpgv. */
class SignatureVerifierTest {
    private static final String UID = "Jane Uploader <jane@example.com>";
    @TempDir
    Path dir;
    @TempDir
    Path home;
    private Gpg gpg;
    private String trusted;
    private Path keyring;
    private final ProcessRunner runner = new ProcessRunner(new ToolClock());
    private final SourceUploadReader reader = new SourceUploadReader();

    @BeforeEach
    void keys() throws Exception {
        gpg = new Gpg(home);
        trusted = gpg.generate(UID);
        keyring = gpg.keyring(dir.resolve("trusted.gpg"), trusted);
    }

    @AfterEach
    void stopAgent() throws Exception {
        gpg.close();
    }

    private SignatureVerifier verifier() throws IOException {
        return SignatureVerifier.withKeyring(keyring, runner);
    }

    @FunctionalInterface
    private interface Signing {
        void sign(Path file) throws Exception;
    }

    private Signing by(String fingerprint) {
        return fingerprint == null ? file -> {} : file -> gpg.clearsign(fingerprint, file);
    }

    /** A source upload; {@code dscSigner} and {@code changesSigner} are fingerprints, or null for unsigned. */
    private Path upload(String dscSigner, String changesSigner) throws Exception {
        return uploadSigned(by(dscSigner), by(changesSigner));
    }

    private Path uploadSigned(Signing dscSigning, Signing changesSigning) throws Exception {
        Path uploads = Files.createDirectories(dir.resolve("upload"));
        Path tar = Files.writeString(uploads.resolve("demo_1.0.tar.xz"), "bytes of the tarball");
        Path dsc = Files.writeString(uploads.resolve("demo_1.0.dsc"), "Format: 3.0 (native)\nSource: demo\nVersion: 1.0\n"
                + "Checksums-Sha256:\n " + sha256(tar) + " " + Files.size(tar) + " demo_1.0.tar.xz\n");
        dscSigning.sign(dsc);
        Path changes = Files.writeString(uploads.resolve("demo_1.0_source.changes"), "Format: 1.8\nSource: demo\n"
                + "Version: 1.0\nDistribution: bookworm\nUrgency: medium\nChecksums-Sha256:\n " + sha256(dsc) + " "
                + Files.size(dsc) + " demo_1.0.dsc\n " + sha256(tar) + " " + Files.size(tar) + " demo_1.0.tar.xz\n");
        changesSigning.sign(changes);
        return changes;
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    @Test
    void aSignedUploadIsVerifiedAndNamesItsSigner() throws Exception {
        Verification v = verifier().verify(reader.read(upload(trusted, trusted)));
        assertThat(v.verified()).isTrue();
        assertThat(v.signer()).hasValue(new Signer(trusted, UID));
        assertThat(v.describe()).isEqualTo("signed by " + UID + " (" + trusted + ")");
    }

    @Test
    void aSignedDscAloneIsVerified() throws Exception {
        upload(trusted, null);
        Verification v = verifier().verify(reader.read(dir.resolve("upload/demo_1.0.dsc")));
        assertThat(v.signer()).hasValue(new Signer(trusted, UID));
    }

    @Test
    void withoutAKeyringEveryUploadIsAcceptedAsNotVerified() throws Exception {
        Verification v = SignatureVerifier.none().verify(reader.read(upload(null, null)));
        assertThat(v.verified()).isFalse();
        assertThat(v.signer()).isEmpty();
        assertThat(v.describe()).isEqualTo("not verified (no keyring configured)");
    }

    @Test
    void anUnsignedUploadIsRefused() throws Exception {
        SourceUpload upload = reader.read(upload(null, null));
        assertThatThrownBy(() -> verifier().verify(upload))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageStartingWith("demo_1.0_source.changes: not signed");
    }

    @Test
    void anUploadChangedAfterSigningIsRefused() throws Exception {
        Path changes = upload(trusted, trusted);
        Files.writeString(changes, Files.readString(changes).replace("Urgency: medium", "Urgency: high"));
        SourceUpload upload = reader.read(changes);
        assertThatThrownBy(() -> verifier().verify(upload))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("demo_1.0_source.changes: bad signature by " + UID)
                .hasMessageContaining("the file was changed after it was signed");
    }

    @Test
    void anUploadSignedByAKeyOutsideTheKeyringIsRefused() throws Exception {
        String stranger = gpg.generate("Mallory <mallory@example.com>");
        SourceUpload upload = reader.read(upload(stranger, stranger));
        assertThatThrownBy(() -> verifier().verify(upload))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("demo_1.0_source.changes: signed by key " + stranger.substring(24))
                .hasMessageContaining("which is not in the keyring " + keyring);
    }

    @Test
    void aSignedChangesWhoseDscIsUnsignedIsRefused() throws Exception {
        SourceUpload upload = reader.read(upload(null, trusted));
        assertThatThrownBy(() -> verifier().verify(upload))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageStartingWith("demo_1.0.dsc: not signed");
    }

    @Test
    void aKeyThatHasExpiredIsRefused() throws Exception {
        String old = gpg.generate("Old Key <old@example.com>", "1d", "20200101T000000");
        keyring = gpg.keyring(dir.resolve("old.gpg"), old);
        // signed while the key was valid
        Signing then = file -> gpg.clearsign(old, file, "20200101T010000");
        Path changes = uploadSigned(then, then);
        SourceUpload upload = reader.read(changes);
        assertThatThrownBy(() -> verifier().verify(upload))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("demo_1.0_source.changes: signed by Old Key <old@example.com>")
                .hasMessageContaining("whose key has expired");
    }

    @Test
    void aRevokedKeyIsRefused() throws Exception {
        SourceUpload upload = reader.read(upload(trusted, trusted));
        gpg.revoke(trusted);
        keyring = gpg.keyring(dir.resolve("revoked.gpg"), trusted);
        assertThatThrownBy(() -> verifier().verify(upload))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("whose key has been revoked");
    }

    @Test
    void textOutsideTheSignedMessageIsRefused() throws Exception {
        Path changes = upload(trusted, trusted);
        // an unsigned paragraph before the signed one is what a parser would read first
        Files.writeString(changes, "Format: 1.8\nSource: demo\nVersion: 1.0\nDistribution: unstable\nChecksums-Sha256:\n "
                + Files.readString(changes).lines().filter(l -> l.endsWith("demo_1.0.dsc")).findFirst().orElseThrow().strip()
                + "\n " + Files.readString(changes).lines().filter(l -> l.endsWith("demo_1.0.tar.xz")).findFirst().orElseThrow()
                        .strip() + "\n\n" + Files.readString(changes));
        SourceUpload upload = reader.read(changes);
        assertThat(upload.distribution()).isEqualTo("unstable");
        assertThatThrownBy(() -> verifier().verify(upload))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("demo_1.0_source.changes: has text outside its signed message");
    }

    @Test
    void anArmoredOrMissingKeyringIsAConfigurationError() throws Exception {
        Path armored = Files.writeString(dir.resolve("armored.asc"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n...\n");
        assertThatThrownBy(() -> SignatureVerifier.withKeyring(armored, runner))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("is ASCII-armored; gpgv needs a binary keyring");
        assertThatThrownBy(() -> SignatureVerifier.withKeyring(dir.resolve("none.gpg"), runner))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no such readable file");
    }
}
