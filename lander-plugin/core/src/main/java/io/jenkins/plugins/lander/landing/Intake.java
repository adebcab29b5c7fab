package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.FileTrees;
import io.jenkins.plugins.lander.datastore.DataStore.Visibility;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SignatureVerifier;
import io.jenkins.plugins.lander.source.SourceFile;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.source.SourceUploadReader;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.ArtifactType;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How tickets come in, the same on every face: the uploads are checked (each file listed, sized
 * and summed; the series known; no upload twice; no version the archive has; build dependencies
 * without a cycle; signed by a key of the data directory's keyring, when it has one), staged beside the ticket and
 * in the data store as SPU artifacts ({@code sources/NAME}), and the ticket is queued. Bad input
 * is an {@link InvalidSourceException} naming the problem, and then nothing is queued.
 */
public final class Intake {
    private final Engine engine;
    private final SignatureVerifier signatures;

    Intake(Engine engine, SignatureVerifier signatures) {
        this.engine = engine;
        this.signatures = signatures;
    }

    /**
     * Every check a ticket's uploads must pass before it is queued; returns how each upload's
     * signature was verified ("signed by …", or "not verified" without a keyring), for its subticket.
     */
    public List<String> check(Ticket ticket, List<SourceUpload> uploads) throws InvalidSourceException, IOException {
        if (uploads.isEmpty()) {
            throw new InvalidSourceException("a ticket needs at least one source upload");
        }
        requireKnownSeries(engine.steps().knownSeries(), ticket.getSeries());
        Set<String> sources = new HashSet<>();
        for (SourceUpload u : uploads) {
            if (!sources.add(u.source())) {
                throw new InvalidSourceException(u.source() + " is given twice: a ticket lands one version of a source");
            }
        }
        BuildOrder.of(uploads);
        List<String> signed = new ArrayList<>();
        for (SourceUpload u : uploads) {
            try {
                signed.add(signatures.verify(u).describe());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while checking the signature of " + u.key(), e);
            }
        }
        engine.steps().checkUploads(ticket.getSeries(), uploads);
        return signed;
    }

    /** Refuses a series the backend cannot land on, naming those it can. */
    public static void requireKnownSeries(Set<String> known, String series) throws InvalidSourceException {
        if (series == null || !known.contains(series)) {
            throw new InvalidSourceException("unknown series '" + series + "' (known: "
                    + String.join(", ", known.stream().sorted().toList()) + ")");
        }
    }

    /**
     * For a face that lands its own ticket (the CLI, a Jenkins run): checks the uploads, then
     * records the ticket and stages them, and queues it. The returned lock is the caller's: it
     * says the ticket is being landed, and a ticket whose caller died is resumed by another Lander.
     */
    public Scheduler.Claim submit(Ticket draft, List<SourceUpload> uploads) throws InvalidSourceException, IOException {
        List<String> signed = check(draft, uploads);
        List<SubTicket> subs = new ArrayList<>();
        for (int i = 0; i < uploads.size(); i++) {
            SourceUpload u = uploads.get(i);
            SubTicket sub = new SubTicket(0, u.source(), u.version(), u.descriptor().getFileName().toString());
            sub.setSignature(signed.get(i));
            subs.add(sub);
        }
        draft.setSubtickets(subs);
        draft.setCurrentWorkflowStep(WorkflowStep.QUEUED);
        draft.setStatus(TicketStatus.WAITING); // not in the queue, and not adoptable, until staged
        Ticket ticket = engine.tickets().create(draft);
        TicketLock lock = engine.scheduler().lock(ticket.getId())
                .orElseThrow(() -> new IOException("ticket " + ticket.getId() + " is locked by another process"));
        try {
            for (int i = 0; i < uploads.size(); i++) {
                stage(ticket, ticket.getSubtickets().get(i), uploads.get(i).files());
            }
            engine.tickets().save(ticket);
            engine.tickets().queue(ticket.getId());
            ticket.setStatus(TicketStatus.QUEUED);
            return new Scheduler.Claim(ticket, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private void stage(Ticket ticket, SubTicket sub, List<SourceFile> files) throws IOException {
        Path dir = uploadDir(ticket, sub);
        Files.createDirectories(dir);
        for (SourceFile f : files) {
            Path staged = dir.resolve(f.name());
            Files.copy(f.path(), staged, StandardCopyOption.REPLACE_EXISTING);
            String name = "sources/" + f.name();
            sub.getArtifacts().add(new Artifact(name, ArtifactType.SPU,
                    engine.store().put(ticket.container(), name, staged, Visibility.PUBLIC).toString()));
        }
    }

    /**
     * For a ticket whose uploads a client put in the data store (the Ticket System's API): fetches
     * each subticket's SPU artifacts beside the ticket, checks them as {@link #submit} does, names
     * each upload's descriptor, and queues the ticket. On bad input the fetched copies are
     * removed and the ticket stays as it was.
     */
    public void admit(Ticket ticket) throws InvalidSourceException, IOException {
        if (ticket.getSubtickets().isEmpty()) {
            throw new InvalidSourceException("ticket " + ticket.getId() + " has no subtickets (no source package uploads)");
        }
        Path uploadsDir = engine.ticketDir(ticket.getId()).resolve("uploads");
        try {
            List<SourceUpload> uploads = new ArrayList<>();
            for (SubTicket sub : ticket.getSubtickets()) {
                uploads.add(fetch(ticket, sub));
            }
            List<String> signed = check(ticket, uploads);
            for (int i = 0; i < uploads.size(); i++) {
                ticket.getSubtickets().get(i).setSignature(signed.get(i));
            }
        } catch (InvalidSourceException | IOException | RuntimeException e) {
            FileTrees.delete(uploadsDir);
            throw e;
        }
        engine.tickets().save(ticket);
        engine.tickets().queue(ticket.getId());
        ticket.setStatus(TicketStatus.QUEUED);
    }

    private SourceUpload fetch(Ticket ticket, SubTicket sub) throws InvalidSourceException, IOException {
        Path dir = uploadDir(ticket, sub);
        FileTrees.delete(dir);
        Files.createDirectories(dir);
        String descriptor = null;
        for (Artifact a : sub.getArtifacts()) {
            if (a.type() != ArtifactType.SPU) {
                continue;
            }
            String file = Path.of(a.name()).getFileName().toString();
            try (InputStream in = engine.store().get(ticket.container(), "sources/" + file)) {
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            } catch (NoSuchFileException e) {
                throw new InvalidSourceException("subticket " + sub.getId() + ": SPU artifact " + a.name()
                        + " is not in this Lander's data store (upload it with PUT /api/v1/upload/" + ticket.getId() + "/"
                        + file + ")");
            }
            if (file.endsWith(".changes") || (descriptor == null && file.endsWith(".dsc"))) {
                descriptor = file;
            }
        }
        if (descriptor == null) {
            throw new InvalidSourceException("subticket " + sub.getId() + " (" + sub.key()
                    + ") has no _source.changes or .dsc among its SPU artifacts");
        }
        SourceUpload upload = new SourceUploadReader().read(dir.resolve(descriptor));
        if (!upload.source().equals(sub.getSourcePackage()) || !upload.version().equals(sub.getVersion())) {
            throw new InvalidSourceException("subticket " + sub.getId() + " is " + sub.getSourcePackage() + " "
                    + sub.getVersion() + " but its upload " + descriptor + " is " + upload.source() + " " + upload.version());
        }
        sub.setUpload(descriptor);
        return upload;
    }

    /** The uploads staged with the ticket, read and checked again (a tampered copy is refused). */
    public List<SourceUpload> uploadsOf(Ticket ticket) throws IOException, InvalidSourceException {
        SourceUploadReader reader = new SourceUploadReader();
        List<SourceUpload> out = new ArrayList<>();
        for (SubTicket sub : ticket.getSubtickets()) {
            if (sub.getUpload() == null) {
                throw new InvalidSourceException("subticket " + sub.getId() + " of ticket " + ticket.getId()
                        + " has no staged upload: the ticket was never admitted");
            }
            out.add(reader.read(uploadDir(ticket, sub).resolve(sub.getUpload())));
        }
        return out;
    }

    private Path uploadDir(Ticket ticket, SubTicket sub) {
        return engine.ticketDir(ticket.getId()).resolve("uploads").resolve(Integer.toString(sub.getId()));
    }
}
