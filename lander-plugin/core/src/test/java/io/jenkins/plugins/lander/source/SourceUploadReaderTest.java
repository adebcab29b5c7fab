package io.jenkins.plugins.lander.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceUploadReaderTest {
    @TempDir
    Path dir;

    private final SourceUploadReader reader = new SourceUploadReader();
    private Path tarball;

    @BeforeEach
    void tarball() throws IOException {
        tarball = Files.writeString(dir.resolve("demo_1.0.tar.xz"), "not really xz, but bytes with a checksum");
    }

    private static String hex(String algorithm, Path p) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(p)));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Path p) {
        return hex("SHA-256", p);
    }

    private static String md5(Path p) {
        return hex("MD5", p);
    }

    private static String sha1(Path p) {
        return hex("SHA-1", p);
    }

    /** A .dsc of the tarball with all three checksum fields; {@code edit} may spoil one of them. */
    private Path fullDsc(java.util.function.UnaryOperator<String> edit) throws Exception {
        String name = tarball.getFileName().toString();
        long size = Files.size(tarball);
        return Files.writeString(dir.resolve("demo_1.0.dsc"), edit.apply(String.join("\n",
                "Format: 3.0 (native)",
                "Source: demo",
                "Binary: demo",
                "Architecture: any",
                "Version: 1.0",
                "Checksums-Sha1:",
                " " + sha1(tarball) + " " + size + " " + name,
                "Checksums-Sha256:",
                " " + sha256(tarball) + " " + size + " " + name,
                "Files:",
                " " + md5(tarball) + " " + size + " " + name,
                "")));
    }

    private Path dsc(String fileName, String sha, long size) throws Exception {
        return Files.writeString(dir.resolve("demo_1.0.dsc"), String.join("\n",
                "Format: 3.0 (native)",
                "Source: demo",
                "Binary: demo, demo-doc",
                "Architecture: any all",
                "Version: 1.0",
                "Maintainer: Demo Team <demo-team@example.org>",
                "Checksums-Sha256:",
                " " + sha + " " + size + " " + fileName,
                ""));
    }

    private Path goodDsc() throws Exception {
        return dsc(tarball.getFileName().toString(), sha256(tarball), Files.size(tarball));
    }

    private Path changes(Path dsc) throws Exception {
        return changes(dsc, null);
    }

    private Path changes(Path dsc, Path extra) throws Exception {
        String md5Extra = extra == null ? "" : " " + md5(extra) + " " + Files.size(extra) + " misc optional " + extra.getFileName();
        String shaExtra = extra == null ? "" : " " + sha256(extra) + " " + Files.size(extra) + " " + extra.getFileName();
        String body = java.util.stream.Stream.of(
                "Format: 1.8",
                "Source: demo",
                "Version: 1.0",
                "Distribution: bookworm",
                "Changed-By: Jane Doe <jane@example.org>",
                "Files:",
                " " + md5(dsc) + " " + Files.size(dsc) + " misc optional " + dsc.getFileName(),
                " " + md5(tarball) + " " + Files.size(tarball) + " misc optional " + tarball.getFileName(),
                md5Extra,
                "Checksums-Sha256:",
                " " + sha256(dsc) + " " + Files.size(dsc) + " " + dsc.getFileName(),
                " " + sha256(tarball) + " " + Files.size(tarball) + " " + tarball.getFileName(),
                shaExtra)
                .filter(line -> !line.isEmpty())
                .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
        return Files.writeString(dir.resolve("demo_1.0_source.changes"), body);
    }

    @Test
    void readsDscWithItsFiles() throws Exception {
        SourceUpload upload = reader.read(goodDsc());
        assertThat(upload.source()).isEqualTo("demo");
        assertThat(upload.version()).isEqualTo("1.0");
        assertThat(upload.binaries()).containsExactly("demo", "demo-doc");
        assertThat(upload.architectures()).containsExactly("any", "all");
        assertThat(upload.files()).extracting(SourceFile::name).containsExactly("demo_1.0.dsc", "demo_1.0.tar.xz");
        assertThat(upload.key()).isEqualTo("demo_1.0");
        assertThat(upload.maintainer()).isEqualTo("Demo Team <demo-team@example.org>");
        assertThat(upload.changedBy()).as("a bare .dsc names no uploader").isNull();
    }

    @Test
    void readsSourceChangesAndItsDsc() throws Exception {
        SourceUpload upload = reader.read(changes(goodDsc()));
        assertThat(upload.distribution()).isEqualTo("bookworm");
        assertThat(upload.changedBy()).isEqualTo("Jane Doe <jane@example.org>");
        assertThat(upload.dsc().getFileName().toString()).isEqualTo("demo_1.0.dsc");
        assertThat(upload.files()).extracting(SourceFile::name)
                .containsExactly("demo_1.0_source.changes", "demo_1.0.dsc", "demo_1.0.tar.xz");
    }

    @Test
    void acceptsClearSignedChanges() throws Exception {
        Path changes = changes(goodDsc());
        String signed = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n" + Files.readString(changes)
                + "\n-----BEGIN PGP SIGNATURE-----\n\nabc\n-----END PGP SIGNATURE-----\n";
        Files.writeString(changes, signed);
        assertThat(reader.read(changes).source()).isEqualTo("demo");
    }

    @Test
    void refusesChecksumMismatch() throws Exception {
        Path dsc = dsc(tarball.getFileName().toString(), "0".repeat(64), Files.size(tarball));
        assertThatThrownBy(() -> reader.read(dsc))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("SHA-256 checksum mismatch for demo_1.0.tar.xz");
    }

    @Test
    void refusesSizeMismatch() throws Exception {
        Path dsc = dsc(tarball.getFileName().toString(), sha256(tarball), Files.size(tarball) + 1);
        assertThatThrownBy(() -> reader.read(dsc)).hasMessageContaining("size mismatch for demo_1.0.tar.xz");
    }

    @Test
    void refusesMissingFile() throws Exception {
        Path dsc = goodDsc();
        Files.delete(tarball);
        assertThatThrownBy(() -> reader.read(dsc)).hasMessageContaining("lists demo_1.0.tar.xz but it is missing");
    }

    @Test
    void refusesPathsInFileNames() throws Exception {
        Files.createDirectories(dir.resolve("sub"));
        for (String bad : new String[] {"../demo_1.0.tar.xz", "sub/demo_1.0.tar.xz", "..demo.tar.xz"}) {
            Path dsc = dsc(bad, sha256(tarball), Files.size(tarball));
            assertThatThrownBy(() -> reader.read(dsc))
                    .as(bad)
                    .isInstanceOf(InvalidSourceException.class)
                    .hasMessageContaining("refusing file name '" + bad + "'");
        }
    }

    /** What the Jenkins bridge fetches beside a descriptor before reading it: the names, checked, files absent. */
    @Test
    void listsTheFilesOfADescriptorBeforeTheyAreThere() throws Exception {
        Path dsc = goodDsc();
        Files.delete(tarball);
        assertThat(SourceUploadReader.listedFiles(dsc)).containsExactly("demo_1.0.tar.xz");
        for (String bad : new String[] {"../demo_1.0.tar.xz", "sub/demo_1.0.tar.xz"}) {
            Path listed = dsc(bad, "0".repeat(64), 1);
            assertThatThrownBy(() -> SourceUploadReader.listedFiles(listed))
                    .as(bad)
                    .isInstanceOf(InvalidSourceException.class)
                    .hasMessageContaining("refusing file name '" + bad + "'");
        }
    }

    @Test
    void refusesUnparsableControlFile() throws Exception {
        Path dsc = Files.writeString(dir.resolve("x.dsc"), "this is not a control file\n");
        assertThatThrownBy(() -> reader.read(dsc)).hasMessageContaining("x.dsc: line 1 is not a 'Field: value' line");
    }

    @Test
    void refusesMissingRequiredField() throws Exception {
        Path dsc = Files.writeString(dir.resolve("x.dsc"), "Format: 3.0 (native)\nVersion: 1\n");
        assertThatThrownBy(() -> reader.read(dsc)).hasMessageContaining("required field Source is missing");
    }

    @Test
    void refusesBinaryUploads() throws Exception {
        Path deb = Files.writeString(dir.resolve("demo_1.0_amd64.deb"), "deb");
        Path changes = changes(goodDsc(), deb);
        assertThatThrownBy(() -> reader.read(changes)).hasMessageContaining("only source uploads are landed");
    }

    @Test
    void refusesChangesWhoseDscDisagrees() throws Exception {
        Path changes = changes(goodDsc());
        Files.writeString(changes, Files.readString(changes).replace("Version: 1.0", "Version: 2.0"));
        assertThatThrownBy(() -> reader.read(changes)).hasMessageContaining("names demo 2.0 but its .dsc is demo 1.0");
    }

    @Test
    void refusesOtherFiles() throws Exception {
        Path other = Files.writeString(dir.resolve("README"), "x", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> reader.read(other)).hasMessageContaining("not a .dsc or _source.changes file");
    }

    @Test
    void readsADscWithEveryChecksumField() throws Exception {
        assertThat(reader.read(fullDsc(t -> t)).files()).extracting(SourceFile::name)
                .containsExactly("demo_1.0.dsc", "demo_1.0.tar.xz");
    }

    @Test
    void refusesAWrongMd5InFilesEvenWhenSha256Matches() throws Exception {
        Path dsc = fullDsc(t -> t.replace(md5(tarball), "0".repeat(32)));
        assertThatThrownBy(() -> reader.read(dsc))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("demo_1.0.dsc: MD5 checksum mismatch for demo_1.0.tar.xz (field Files)");
    }

    @Test
    void refusesAWrongSha1() throws Exception {
        Path dsc = fullDsc(t -> t.replace(sha1(tarball), "0".repeat(40)));
        assertThatThrownBy(() -> reader.read(dsc))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("SHA-1 checksum mismatch for demo_1.0.tar.xz (field Checksums-Sha1)");
    }

    @Test
    void refusesASizeThatOneFieldGetsWrong() throws Exception {
        long size = Files.size(tarball);
        Path dsc = fullDsc(t -> t.replace(md5(tarball) + " " + size, md5(tarball) + " " + (size + 1)));
        assertThatThrownBy(() -> reader.read(dsc))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("size mismatch for demo_1.0.tar.xz (field Files): listed " + (size + 1) + ", found " + size);
    }

    @Test
    void refusesFieldsThatListDifferentFiles() throws Exception {
        Path other = Files.writeString(dir.resolve("demo_1.0.debian.tar.xz"), "more bytes");
        Path dsc = fullDsc(t -> t.replace("Files:\n", "Files:\n " + md5(other) + " 10 demo_1.0.debian.tar.xz\n"));
        assertThatThrownBy(() -> reader.read(dsc))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("Files lists demo_1.0.debian.tar.xz but Checksums-Sha256 does not");
    }

    @Test
    void refusesAFileListedTwice() throws Exception {
        String line = " " + sha256(tarball) + " " + Files.size(tarball) + " " + tarball.getFileName();
        Path dsc = fullDsc(t -> t.replace("Checksums-Sha256:\n", "Checksums-Sha256:\n" + line + "\n"));
        assertThatThrownBy(() -> reader.read(dsc)).hasMessageContaining("Checksums-Sha256 lists demo_1.0.tar.xz twice");
    }

    @Test
    void refusesAMalformedChecksum() throws Exception {
        Path dsc = fullDsc(t -> t.replace(sha256(tarball), "not-hex"));
        assertThatThrownBy(() -> reader.read(dsc)).hasMessageContaining("malformed Checksums-Sha256 line");
    }

    @Test
    void refusesAListedFileThatIsASymlinkEvenWithTheRightChecksums() throws Exception {
        Path passwd = Path.of("/etc/passwd");
        Path link = Files.createSymbolicLink(dir.resolve("passwd"), passwd);
        Path dsc = Files.writeString(dir.resolve("demo_1.0.dsc"), String.join("\n",
                "Format: 3.0 (native)", "Source: demo", "Version: 1.0",
                "Checksums-Sha256:", " " + sha256(passwd) + " " + Files.size(passwd) + " passwd",
                "Files:", " " + md5(passwd) + " " + Files.size(passwd) + " passwd", ""));
        assertThatThrownBy(() -> reader.read(dsc))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("demo_1.0.dsc: lists passwd but it is a symbolic link");
        assertThat(link).isSymbolicLink();
    }

    @Test
    void refusesADscThatIsASymlinkInsideAChanges() throws Exception {
        Path real = goodDsc();
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).resolve("demo_1.0.dsc");
        Files.move(real, elsewhere);
        Files.createSymbolicLink(real, elsewhere);
        Path changes = changes(real);
        assertThatThrownBy(() -> reader.read(changes))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("lists demo_1.0.dsc but it is a symbolic link");
    }

    @Test
    void refusesADescriptorThatIsASymlink() throws Exception {
        Path dsc = goodDsc();
        Path link = Files.createSymbolicLink(dir.resolve("link.dsc"), dsc);
        assertThatThrownBy(() -> reader.read(link))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("link.dsc: is a symbolic link");
    }

    @Test
    void refusesADescriptorThatIsADirectory() throws Exception {
        Path directory = Files.createDirectories(dir.resolve("trap.dsc"));
        assertThatThrownBy(() -> reader.read(directory))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("trap.dsc: is a directory, not a .dsc or _source.changes file");
    }

    @Test
    void refusesADescriptorNameWithControlCharacters() throws Exception {
        for (String bad : new String[] {"demo\n_1.0.dsc", "demo\r_1.0.dsc", "demo\u001b[2J_1.0.dsc", "demo\u007f.dsc"}) {
            Path dsc = Files.writeString(dir.resolve(bad), Files.readString(goodDsc()));
            assertThatThrownBy(() -> reader.read(dsc))
                    .as(bad)
                    .isInstanceOf(InvalidSourceException.class)
                    .hasMessageContaining("refusing file name")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\r", "\u001b", "\u007f"));
        }
    }

    @Test
    void refusesAControlFileWithControlCharacters() throws Exception {
        Path dsc = fullDsc(t -> t.replace("Version: 1.0", "Version: 1.0\u0000"));
        assertThatThrownBy(() -> reader.read(dsc))
                .isInstanceOf(InvalidSourceException.class)
                .hasMessageContaining("demo_1.0.dsc: line 5 has a control character (U+0000)");
    }

    @Test
    void refusesAnInvalidDistribution() throws Exception {
        Path changes = changes(goodDsc());
        Files.writeString(changes, Files.readString(changes).replace("Distribution: bookworm", "Distribution: ../../etc"));
        assertThatThrownBy(() -> reader.read(changes)).hasMessageContaining("invalid distribution '../../etc'");
    }

    @Test
    void refusesMissingDescriptor() {
        assertThatThrownBy(() -> reader.read(dir.resolve("nope.dsc"))).hasMessageContaining("no such file");
    }
}
