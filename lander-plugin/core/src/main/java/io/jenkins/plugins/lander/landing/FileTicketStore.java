package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Tickets as {@code ROOT/ID/ticket.json}, ids counted up from 1. Each save replaces the file
 * atomically and forces it to disk, so a crash leaves either the old or the new state.
 */
public final class FileTicketStore implements TicketStore {
    private final Path root;

    public FileTicketStore(Path root) {
        this.root = root;
    }

    @Override
    public synchronized Ticket create(Ticket ticket) throws IOException {
        Files.createDirectories(root);
        int id = nextId();
        ticket.setId(Integer.toString(id));
        int sub = 1;
        for (SubTicket s : ticket.getSubtickets()) {
            s.setId(sub++);
        }
        save(ticket);
        return ticket;
    }

    private int nextId() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            int max = dirs.map(p -> p.getFileName().toString())
                    .filter(n -> n.chars().allMatch(Character::isDigit))
                    .mapToInt(Integer::parseInt)
                    .max()
                    .orElse(0);
            // the directory is the reservation: two creates never share an id
            for (int id = max + 1; ; id++) {
                try {
                    Files.createDirectory(root.resolve(Integer.toString(id)));
                    return id;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // taken by a concurrent create; try the next one
                }
            }
        }
    }

    @Override
    public synchronized void save(Ticket ticket) throws IOException {
        Path dir = directory(ticket.getId());
        Files.createDirectories(dir);
        Path tmp = dir.resolve("ticket.json.tmp");
        Files.write(tmp, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(ticket));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, dir.resolve("ticket.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve("ticket.json"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public Optional<Ticket> find(String id) throws IOException {
        if (id == null || !id.matches("[0-9]+")) {
            return Optional.empty();
        }
        Path file = directory(id).resolve("ticket.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(Json.MAPPER.readValue(file.toFile(), Ticket.class));
    }

    @Override
    public List<Ticket> all() throws IOException {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<Ticket> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted(Comparator.comparingLong(FileTicketStore::numericName)).toList()) {
                find(dir.getFileName().toString()).ifPresent(out::add);
            }
        }
        return out;
    }

    private static long numericName(Path p) {
        String n = p.getFileName().toString();
        return n.chars().allMatch(Character::isDigit) && !n.isEmpty() ? Long.parseLong(n) : Long.MAX_VALUE;
    }

    /** The ticket's own directory: its JSON, journal, uploads and step work directories. */
    public Path directory(String id) {
        return root.resolve(id);
    }
}
