package io.jenkins.plugins.lander.cloud.glance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.lander.cloud.OpenStackFixture;
import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.cloud.glance.GlanceImages.TicketImage;
import io.jenkins.plugins.lander.datastore.Checksums;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ticket images in the real glance-api of scripts/setup-openstack, a qcow2 made by qemu-img. */
@Tag("openstack")
class GlanceImagesTest {
    static GlanceImages glance;

    @TempDir
    Path dir;

    final String ticket = "t" + UUID.randomUUID().toString().substring(0, 8);
    final String other = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void open() throws Exception {
        glance = GlanceImages.open(OpenStackFixture.settings(), Retry.DEFAULT);
    }

    @AfterEach
    void cleanUp() throws Exception {
        glance.deleteImagesOf(ticket);
        glance.deleteImagesOf(other);
    }

    @Test
    void uploadsFindsAndDeletesTheImagesOfATicket() throws Exception {
        Path qcow2 = qcow2("testbed.qcow2");
        TicketImage image = glance.upload(ticket, "lander-" + ticket + "-bookworm", qcow2);
        glance.upload(other, "lander-" + other + "-bookworm", qcow2);

        assertThat(image.status()).isEqualTo("active");
        assertThat(image.ticketId()).isEqualTo(ticket);
        assertThat(image.size()).isEqualTo(Files.size(qcow2));
        assertThat(image.checksum()).isEqualTo(Checksums.md5(qcow2).md5());
        assertThat(glance.imagesOf(ticket)).extracting(TicketImage::id).containsExactly(image.id());
        assertThat(glance.all()).extracting(TicketImage::ticketId).contains(ticket, other);

        assertThat(glance.deleteImagesOf(ticket)).isEqualTo(1);
        assertThat(glance.imagesOf(ticket)).isEmpty();
        assertThat(glance.imagesOf(other)).hasSize(1);
    }

    @Test
    void reapsOnlyTheImagesOfFinishedTickets() throws Exception {
        Path qcow2 = qcow2("testbed.qcow2");
        glance.upload(ticket, "finished", qcow2);
        glance.upload(other, "running", qcow2);

        assertThat(glance.reap(Set.of(ticket)::contains)).extracting(TicketImage::ticketId).containsExactly(ticket);
        assertThat(glance.imagesOf(ticket)).isEmpty();
        assertThat(glance.imagesOf(other)).extracting(TicketImage::name).containsExactly("running");
    }

    @Test
    void refusesWhatIsNotAQcow2ImageAndCreatesNothing() throws Exception {
        Path raw = Files.write(dir.resolve("disk.raw"), new byte[4096]);

        assertThatThrownBy(() -> glance.upload(ticket, "raw", raw)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a qcow2 image");
        assertThatThrownBy(() -> glance.upload("../1", "x", qcow2("a.qcow2"))).isInstanceOf(IllegalArgumentException.class);
        assertThat(glance.imagesOf(ticket)).isEmpty();
    }

    private Path qcow2(String name) throws Exception {
        Path file = dir.resolve(name);
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), "64M")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
        return file;
    }
}
