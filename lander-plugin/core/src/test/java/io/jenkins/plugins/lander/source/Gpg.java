package io.jenkins.plugins.lander.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real OpenPGP keys for the tests: GnuPG in a GNUPGHOME of its own; {@link #close} stops its agent. */
public final class Gpg implements AutoCloseable {
    private final Path home;

    public Gpg(Path home) {
        this.home = home;
    }

    /** A new signing key valid for {@code expiry} (gpg's syntax: 1y, 1d), made at {@code fakedTime} or now. */
    public String generate(String uid, String expiry, String fakedTime) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--quick-gen-key", uid, "ed25519", "sign", expiry));
        if (fakedTime != null) {
            args.addAll(0, List.of("--faked-system-time", fakedTime));
        }
        gpg(args);
        String colons = gpg(List.of("--with-colons", "--list-keys", uid));
        return colons.lines().filter(l -> l.startsWith("fpr:")).map(l -> l.split(":")[9]).findFirst().orElseThrow();
    }

    public String generate(String uid) throws IOException, InterruptedException {
        return generate(uid, "1y", null);
    }

    /** Clear-signs the file in place, as debsign does. */
    public void clearsign(String fingerprint, Path file, String fakedTime) throws IOException, InterruptedException {
        Path signed = file.resolveSibling(file.getFileName() + ".asc");
        List<String> args = new ArrayList<>(List.of("-u", fingerprint, "--clearsign", "-o", signed.toString(), file.toString()));
        if (fakedTime != null) {
            args.addAll(0, List.of("--faked-system-time", fakedTime));
        }
        gpg(args);
        Files.move(signed, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    public void clearsign(String fingerprint, Path file) throws IOException, InterruptedException {
        clearsign(fingerprint, file, null);
    }

    /** Imports the revocation certificate gpg made with the key. */
    public void revoke(String fingerprint) throws IOException, InterruptedException {
        Path certificate = home.resolve("openpgp-revocs.d").resolve(fingerprint + ".rev");
        // gpg writes it with the armor line escaped by a colon, against an accidental import
        Path armored = Files.writeString(home.resolve(fingerprint + ".rev.asc"),
                Files.readString(certificate).replace(":-----BEGIN PGP PUBLIC KEY BLOCK-----", "-----BEGIN PGP PUBLIC KEY BLOCK-----"));
        gpg(List.of("--import", armored.toString()));
    }

    /** A binary keyring of these keys, as gpgv reads it. */
    public Path keyring(Path file, String... fingerprints) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--output", file.toString(), "--export"));
        args.addAll(List.of(fingerprints));
        gpg(args);
        return file;
    }

    private String gpg(List<String> args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("gpg", "--batch", "--yes", "--pinentry-mode", "loopback", "--passphrase", ""));
        argv.addAll(args);
        return run(argv);
    }

    private String run(List<String> argv) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().put("GNUPGHOME", home.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", argv) + " failed: " + out);
        }
        return out;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(List.of("gpgconf", "--kill", "all"));
    }
}
