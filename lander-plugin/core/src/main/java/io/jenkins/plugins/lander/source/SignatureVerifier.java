package io.jenkins.plugins.lander.source;

import io.jenkins.plugins.lander.exec.ProcessRunner;
import io.jenkins.plugins.lander.exec.ProcessRunner.Command;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Checks that an upload is signed by a key of a keyring, with Debian's {@code gpgv}: the
 * descriptor, and for a {@code .changes} also the {@code .dsc} it lists (as dak requires). The
 * other files are covered by the checksums of those signed files, so the text that was signed
 * must parse to exactly the fields the {@link SourceUploadReader} read: text outside the signed
 * message is refused.
 *
 * <p>gpgv's exit code alone is not enough: it exits 0 for a signature by an expired or revoked
 * key. The verdict comes from its status lines (doc/DETAILS of GnuPG: {@code GOODSIG},
 * {@code VALIDSIG}, {@code BADSIG}, {@code ERRSIG}, {@code NO_PUBKEY}, {@code EXPKEYSIG},
 * {@code REVKEYSIG}, {@code EXPSIG}, {@code NODATA}).
 */
public final class SignatureVerifier {
    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final String STATUS_PREFIX = "[GNUPG:] ";
    // the status file is fd 3, apart from gpgv's messages, in which a signer's uid could fake a status line
    private static final String WITH_STATUS_FILE = "exec 3>\"$1\"; shift; exec gpgv --status-fd 3 \"$@\"";

    private final Path keyring;
    private final ProcessRunner runner;

    private SignatureVerifier(Path keyring, ProcessRunner runner) {
        this.keyring = keyring;
        this.runner = runner;
    }

    /** Accepts every upload, as "not verified". */
    public static SignatureVerifier none() {
        return new SignatureVerifier(null, null);
    }

    /**
     * Accepts only uploads signed by a key of {@code keyring}: a binary OpenPGP keyring, as
     * {@code gpg --export KEYID > FILE} writes it (and as {@code debian-keyring} ships them).
     */
    public static SignatureVerifier withKeyring(Path keyring, ProcessRunner runner) throws IOException {
        Path absolute = keyring.toAbsolutePath();
        if (!Files.isRegularFile(absolute) || !Files.isReadable(absolute)) {
            throw new IOException("keyring " + keyring + ": no such readable file");
        }
        try (InputStream in = Files.newInputStream(absolute)) {
            if (new String(in.readNBytes(14), StandardCharsets.US_ASCII).equals("-----BEGIN PGP")) {
                throw new IOException("keyring " + keyring + " is ASCII-armored; gpgv needs a binary keyring"
                        + " (gpg --dearmor < " + keyring + " > keyring.gpg)");
            }
        }
        return new SignatureVerifier(absolute, runner);
    }

    public Verification verify(SourceUpload upload) throws InvalidSourceException, IOException, InterruptedException {
        if (keyring == null) {
            return Verification.notVerified();
        }
        Signer signer = verifyFile(upload.descriptor());
        if (!upload.dsc().equals(upload.descriptor())) {
            verifyFile(upload.dsc());
        }
        return Verification.signedBy(signer);
    }

    private Signer verifyFile(Path file) throws InvalidSourceException, IOException, InterruptedException {
        String name = file.getFileName().toString();
        Path work = Files.createTempDirectory("lander-gpgv-");
        try {
            // gpgv and the comparison read the same bytes, whatever happens to the file meanwhile
            String text = SourceUploadReader.readControl(file);
            Path copy = Files.writeString(work.resolve("upload"), text, StandardCharsets.UTF_8);
            Path status = work.resolve("status");
            Path signed = work.resolve("signed");
            Path home = Files.createDirectory(work.resolve("home"));
            List<String> argv = List.of("sh", "-c", WITH_STATUS_FILE, "gpgv", status.toString(),
                    "--keyring", keyring.toString(), "--output", signed.toString(), "--", copy.toString());
            ProcessRunner.Result result = runner.run(new Command("gpgv", argv, work, Map.of("GNUPGHOME", home.toString()),
                    TIMEOUT), line -> {});
            List<String> lines = Files.exists(status) ? Files.readAllLines(status, StandardCharsets.UTF_8) : List.of();
            Signer signer = judge(name, lines, result);
            if (!ControlFile.parse(name, Files.readString(signed, StandardCharsets.UTF_8)).equals(ControlFile.parse(name, text))) {
                throw new InvalidSourceException(name + ": has text outside its signed message; only what was signed"
                        + " can be landed");
            }
            return signer;
        } finally {
            deleteTree(work);
        }
    }

    /** The signer when every signature in the file is good; otherwise the first problem, named. */
    private Signer judge(String name, List<String> statusLines, ProcessRunner.Result result) throws InvalidSourceException {
        Signer signer = null;
        String goodUid = null;
        Set<String> keywords = new LinkedHashSet<>();
        for (String line : statusLines) {
            if (!line.startsWith(STATUS_PREFIX)) {
                continue;
            }
            String[] parts = line.substring(STATUS_PREFIX.length()).split(" ", 3);
            String keyword = parts[0];
            keywords.add(keyword);
            String key = parts.length > 1 ? parts[1] : "";
            String uid = parts.length > 2 ? unescape(parts[2]) : "";
            switch (keyword) {
                case "BADSIG" -> throw new InvalidSourceException(name + ": bad signature by " + uid + " (key " + key
                        + "): the file was changed after it was signed");
                case "EXPKEYSIG" -> throw new InvalidSourceException(name + ": signed by " + uid + " (key " + key
                        + "), whose key has expired");
                case "REVKEYSIG" -> throw new InvalidSourceException(name + ": signed by " + uid + " (key " + key
                        + "), whose key has been revoked");
                case "EXPSIG" -> throw new InvalidSourceException(name + ": the signature by " + uid + " (key " + key
                        + ") has expired");
                case "NO_PUBKEY" -> throw unknownKey(name, key);
                case "ERRSIG" -> {
                    // ERRSIG KEYID PKALGO HASHALGO CLASS TIME RC [FPR]: RC 9 is a missing key, 4 an unknown algorithm
                    String[] fields = line.split(" ");
                    String code = fields.length > 7 ? fields[7] : "?";
                    throw code.equals("9") ? unknownKey(name, key) : new InvalidSourceException(name
                            + ": the signature by key " + key + " cannot be checked (gpgv error code " + code + ")");
                }
                case "GOODSIG" -> goodUid = uid;
                case "VALIDSIG" -> {
                    // VALIDSIG FPR DATE TIMESTAMP EXPIRE VERSION RESERVED PKALGO HASHALGO CLASS PRIMARY-FPR
                    String[] fields = line.substring(STATUS_PREFIX.length()).split(" ");
                    String fingerprint = fields.length > 10 ? fields[10] : fields[1];
                    signer = signer == null ? new Signer(fingerprint, goodUid == null ? "" : goodUid) : signer;
                }
                default -> { }
            }
        }
        if (keywords.contains("NODATA")) {
            throw new InvalidSourceException(name + ": not signed; sign it with debsign (or gpg --clearsign)"
                    + " by a key of the keyring " + keyring);
        }
        // also when gpgv could not run at all (no status lines)
        if (signer == null || !result.ok()) {
            throw new InvalidSourceException(name + ": the signature could not be verified (gpgv exit " + result.exitCode()
                    + (result.timedOut() ? ", timed out" : "") + ": " + String.join(" / ", result.tail()) + ")");
        }
        return signer;
    }

    private InvalidSourceException unknownKey(String name, String key) {
        return new InvalidSourceException(name + ": signed by key " + key + ", which is not in the keyring " + keyring);
    }

    /** Status lines escape bytes such as newlines in a uid as {@code %XX}. */
    private static String unescape(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && HexFormat.isHexDigit(raw[i + 1]) && HexFormat.isHexDigit(raw[i + 2])) {
                out.write(HexFormat.fromHexDigit(raw[i + 1]) << 4 | HexFormat.fromHexDigit(raw[i + 2]));
                i += 2;
            } else {
                out.write(raw[i]);
            }
        }
        return SourceUploadReader.printable(out.toString(StandardCharsets.UTF_8));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
