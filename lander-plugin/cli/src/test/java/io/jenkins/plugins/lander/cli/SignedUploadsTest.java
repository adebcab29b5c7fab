package io.jenkins.plugins.lander.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.source.Gpg;
import io.jenkins.plugins.lander.steps.support.ExamplePackages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lander land --keyring}: only uploads signed (the {@code .changes} and its {@code .dsc})
 * by a key of the keyring are landed; any other is bad input (exit 2) and no ticket is made.
 * Real keys from gpg, real signatures checked by gpgv.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedUploadsTest {
    private Path dir;
    private Gpg gpg;
    private String trusted;
    private String stranger;
    private Path keyring;

    @BeforeAll
    void keys(@TempDir Path tmp) throws Exception {
        dir = tmp;
        Path home = Files.createDirectories(dir.resolve("gnupg"));
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        gpg = new Gpg(home);
        trusted = gpg.generate("Jane Uploader <jane@example.com>");
        stranger = gpg.generate("Mallory <mallory@example.com>");
        keyring = gpg.keyring(dir.resolve("uploaders.gpg"), trusted);
    }

    @AfterAll
    void stop() throws Exception {
        gpg.close();
    }

    /** The example as a developer uploads it, its .dsc and .changes signed by {@code signer} (null: unsigned). */
    private Path upload(String name, String version, String signer) throws Exception {
        Path out = Files.createDirectories(dir.resolve(name));
        Path dsc = ExamplePackages.dsc("pass", version, out);
        if (signer != null) {
            gpg.clearsign(signer, dsc);
        }
        Path tree = out.resolve("unpacked");
        run(out, "dpkg-source", "-q", "--no-check", "-x", dsc.toString(), tree.toString());
        Path changes = out.resolve(dsc.getFileName().toString().replaceFirst("\\.dsc$", "_source.changes"));
        run(tree, "dpkg-genchanges", "-q", "-S", "-O" + changes);
        if (signer != null) {
            gpg.clearsign(signer, changes);
        }
        return changes;
    }

    private static void run(Path where, String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).directory(where.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
    }

    private LanderProcess.Result land(String name, Path changes) throws Exception {
        return LanderProcess.run(dir.resolve("runs").resolve(name), Map.of(), "land", "--data", dir.resolve("data").toString(),
                "--keyring", keyring.toString(), "--json", changes.toString());
    }

    private void assertRefusedAndNothingCreated(LanderProcess.Result r, String message) throws Exception {
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(LanderCli.BAD_INPUT);
        assertThat(r.stderr()).contains(message);
        assertThat(r.stdout()).isEmpty();
        LanderProcess.Result shown = LanderProcess.run(dir.resolve("runs").resolve("show"), Map.of(),
                "ticket", "show", "1", "--data", dir.resolve("data").toString());
        assertThat(shown.stderr()).contains("unknown ticket 1");
    }

    @Test
    void anUnsignedUploadIsRefused() throws Exception {
        assertRefusedAndNothingCreated(land("unsigned", upload("unsigned", "1.0+sig1", null)), ": not signed; sign it");
    }

    @Test
    void anUploadSignedByAKeyOutsideTheKeyringIsRefused() throws Exception {
        assertRefusedAndNothingCreated(land("stranger", upload("stranger", "1.0+sig2", stranger)), "which is not in the keyring");
    }

    @Test
    void anUploadChangedAfterItWasSignedIsRefused() throws Exception {
        Path changes = upload("tampered", "1.0+sig3", trusted);
        Files.writeString(changes, Files.readString(changes).replace("Urgency: medium", "Urgency: high"));
        assertRefusedAndNothingCreated(land("tampered", changes), "bad signature");
    }

    @Test
    void aMissingKeyringIsBadInput() throws Exception {
        LanderProcess.Result r = LanderProcess.run(dir.resolve("runs").resolve("nokeyring"), Map.of(), "land", "--data",
                dir.resolve("data").toString(), "--keyring", dir.resolve("nope.gpg").toString(),
                upload("nokeyring", "1.0+sig4", trusted).toString());
        assertThat(r.exitCode()).as(r.stderr()).isEqualTo(LanderCli.BAD_INPUT);
        assertThat(r.stderr()).contains("nope.gpg: no such readable file");
    }

    @Test
    @Tag("debian")
    void aSignedUploadLandsAndItsTicketNamesTheSigner() throws Exception {
        LanderProcess.Result r = land("signed", upload("signed", "1.0+sig5", trusted));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        JsonNode ticket = Json.MAPPER.readTree(r.stdout());
        assertThat(ticket.path("subtickets").get(0).path("signature").asText())
                .isEqualTo("signed by Jane Uploader <jane@example.com> (" + trusted + ")");
        assertThat(List.of(ticket.path("current_workflow_step").asInt())).containsExactly(1000);
    }
}
