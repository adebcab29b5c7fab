package io.jenkins.plugins.lander.cloud.glance;

import io.jenkins.plugins.lander.cloud.OpenStackSession;
import io.jenkins.plugins.lander.cloud.OpenStackSettings;
import io.jenkins.plugins.lander.cloud.Retry;
import io.jenkins.plugins.lander.datastore.Checksums;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.openstack4j.api.Builders;
import org.openstack4j.api.exceptions.ClientResponseException;
import org.openstack4j.api.types.ServiceType;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.image.v2.ContainerFormat;
import org.openstack4j.model.image.v2.DiskFormat;
import org.openstack4j.model.image.v2.Image;

/**
 * The test images of tickets in Glance v2: qcow2 files uploaded as private images tagged
 * {@value #TAG} with the property {@value #TICKET_PROPERTY} = ticket id, found and deleted by ticket,
 * and reaped once their ticket is finished. OpenStack4j creates, lists and deletes the images; the
 * image data goes up through {@code java.net.http} straight from the file (OpenStack4j's okhttp
 * connector would hold it on the heap), and Glance's MD5 of what it stored is checked against the
 * file's. An upload that fails leaves no image behind.
 */
public final class GlanceImages {
    public static final String TAG = "lander";
    public static final String TICKET_PROPERTY = "lander_ticket";
    private static final Pattern TICKET_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final byte[] QCOW2_MAGIC = {'Q', 'F', 'I', (byte) 0xfb};
    private static final int PAGE = 200;

    private final OpenStackSession session;
    private final URI imageApi;

    public GlanceImages(OpenStackSession session) throws IOException {
        this.session = session;
        // the catalog gives Glance's root or its /v2; the data PUT needs /v2
        this.imageApi = URI.create(session.endpoint(ServiceType.IMAGE).toString().replaceAll("/v2(\\.\\d+)?$", "") + "/v2");
    }

    public static GlanceImages open(OpenStackSettings settings, Retry retry) throws IOException {
        return new GlanceImages(OpenStackSession.login(settings, retry));
    }

    /** An image of a ticket as Glance reports it; {@code checksum} is Glance's MD5 of the data. */
    public record TicketImage(String id, String name, String ticketId, String status, Long size, String checksum,
            Instant createdAt) {}

    /** Uploads {@code qcow2} as a new private image of the ticket, and returns it once active. */
    public TicketImage upload(String ticketId, String name, Path qcow2) throws IOException {
        checkTicket(ticketId);
        if (name == null || name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException("invalid image name '" + name + "' (1 to 255 characters)");
        }
        checkQcow2(qcow2);
        Checksums.Summary summary = Checksums.md5(qcow2);
        // our own id makes the create safe to retry: a second POST of it is a 409, not a second image
        String id = UUID.randomUUID().toString();
        Image request = Builders.imageV2()
                .id(id)
                .name(name)
                .containerFormat(ContainerFormat.BARE)
                .diskFormat(DiskFormat.QCOW2)
                .visibility(Image.ImageVisibility.PRIVATE)
                .tags(List.of(TAG))
                .additionalProperty(TICKET_PROPERTY, ticketId)
                .build();
        session.call("create image " + name, os -> {
            try {
                return os.imagesV2().create(request);
            } catch (ClientResponseException e) {
                if (e.getStatus() == 409) {
                    return os.imagesV2().get(id);
                }
                throw e;
            }
        });
        try {
            HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(imageApi + "/images/" + id + "/file"))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(BodyPublishers.ofFile(qcow2));
            HttpResponse<String> response = session.send("upload image " + name, put, BodyHandlers.ofString());
            if (response.statusCode() != 204) {
                throw new IOException("upload image " + name + ": HTTP " + response.statusCode() + " " + response.body().strip());
            }
            TicketImage image = find(id);
            if (!"active".equals(image.status()) || !summary.md5().equals(image.checksum())) {
                throw new IOException("image " + name + " is " + image.status() + " with checksum " + image.checksum()
                        + " after the upload; the file's MD5 is " + summary.md5());
            }
            return image;
        } catch (IOException | RuntimeException e) {
            try {
                delete(id);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** The images of one ticket, oldest first. */
    public List<TicketImage> imagesOf(String ticketId) throws IOException {
        checkTicket(ticketId);
        return list(Map.of(TICKET_PROPERTY, ticketId)).stream().filter(i -> ticketId.equals(i.ticketId())).toList();
    }

    /** Every image this suite uploaded (tag {@value #TAG}), oldest first. */
    public List<TicketImage> all() throws IOException {
        return list(Map.of());
    }

    /** Deletes the images of the ticket; returns how many there were. */
    public int deleteImagesOf(String ticketId) throws IOException {
        List<TicketImage> images = imagesOf(ticketId);
        for (TicketImage i : images) {
            delete(i.id());
        }
        return images.size();
    }

    /**
     * Deletes the images of every ticket {@code finished} says is over (the clean-up at start and
     * after each landing), and returns them. Images without a ticket property are left alone.
     */
    public List<TicketImage> reap(Predicate<String> finished) throws IOException {
        List<TicketImage> reaped = new ArrayList<>();
        for (TicketImage i : all()) {
            if (i.ticketId() != null && finished.test(i.ticketId())) {
                delete(i.id());
                reaped.add(i);
            }
        }
        return reaped;
    }

    public void delete(String imageId) throws IOException {
        ActionResponse response = session.call("delete image " + imageId, os -> os.imagesV2().delete(imageId));
        if (!response.isSuccess() && response.getCode() != 404) {
            throw new IOException("delete image " + imageId + ": HTTP " + response.getCode() + " " + response.getFault());
        }
    }

    private TicketImage find(String id) throws IOException {
        Image image = session.call("get image " + id, os -> os.imagesV2().get(id));
        if (image == null) {
            throw new IOException("image " + id + " is gone");
        }
        return describe(image);
    }

    /** Glance pages its answers (25 by default): ask for pages of {@value #PAGE} after the last id. */
    private List<TicketImage> list(Map<String, String> filter) throws IOException {
        List<TicketImage> images = new ArrayList<>();
        String marker = null;
        while (true) {
            Map<String, String> params = new LinkedHashMap<>(filter);
            params.put("tag", TAG);
            params.put("limit", Integer.toString(PAGE));
            params.put("sort", "created_at:asc,id:asc");
            if (marker != null) {
                params.put("marker", marker);
            }
            List<? extends Image> page = session.call("list images", os -> os.imagesV2().list(params));
            if (page == null || page.isEmpty()) {
                return images;
            }
            page.forEach(i -> images.add(describe(i)));
            marker = page.get(page.size() - 1).getId();
        }
    }

    private static TicketImage describe(Image i) {
        return new TicketImage(i.getId(), i.getName(), i.getAdditionalPropertyValue(TICKET_PROPERTY),
                i.getStatus() == null ? null : i.getStatus().value(), i.getSize(), i.getChecksum(),
                i.getCreatedAt() == null ? null : i.getCreatedAt().toInstant());
    }

    private static void checkTicket(String ticketId) {
        if (ticketId == null || !TICKET_ID.matcher(ticketId).matches()) {
            throw new IllegalArgumentException("invalid ticket id '" + ticketId + "'");
        }
    }

    private static void checkQcow2(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no image file " + file);
        }
        byte[] head = new byte[QCOW2_MAGIC.length];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read != head.length || !Arrays.equals(head, QCOW2_MAGIC)) {
            throw new IllegalArgumentException(file + " is not a qcow2 image (no QFI\\xfb magic)");
        }
    }
}
