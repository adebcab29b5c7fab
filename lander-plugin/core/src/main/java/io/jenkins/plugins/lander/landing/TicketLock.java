package io.jenkins.plugins.lander.landing;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Held by the process that is landing a ticket ({@code TICKETS/ID/landing.lock}), for as long
 * as it lands it. The operating system drops the lock when that process dies, even by
 * {@code kill -9}, so a free lock on an unfinished ticket means its landing was abandoned and
 * another Lander may resume it; a held one means hands off.
 */
public final class TicketLock implements AutoCloseable {
    /** The OS lock is per process: threads of this JVM must not take it twice. */
    private static final ConcurrentHashMap<Path, TicketLock> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private TicketLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the ticket's lock unless a process (this one included) holds it. */
    public static Optional<TicketLock> tryAcquire(Path ticketsRoot, String id) throws IOException {
        Path file = file(ticketsRoot, id);
        synchronized (HELD) {
            if (HELD.containsKey(file)) {
                return Optional.empty();
            }
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            TicketLock held = new TicketLock(file, channel, lock);
            HELD.put(file, held);
            return Optional.of(held);
        }
    }

    /** Whether some live process holds the ticket's lock (tested by trying to take it). */
    public static boolean isHeld(Path ticketsRoot, String id) throws IOException {
        Optional<TicketLock> probe = tryAcquire(ticketsRoot, id);
        probe.ifPresent(TicketLock::close);
        return probe.isEmpty();
    }

    private static Path file(Path ticketsRoot, String id) {
        if (!id.matches("[0-9]{1,18}")) {
            throw new IllegalArgumentException("not a ticket id: '" + id + "'");
        }
        return ticketsRoot.toAbsolutePath().normalize().resolve(id).resolve("landing.lock");
    }

    @Override
    public void close() {
        synchronized (HELD) {
            HELD.remove(file, this);
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                // the channel is gone either way, and with it the lock
            }
        }
    }
}
