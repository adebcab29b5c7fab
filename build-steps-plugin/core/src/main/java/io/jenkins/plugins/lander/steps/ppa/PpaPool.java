package io.jenkins.plugins.lander.steps.ppa;

import com.fasterxml.jackson.core.type.TypeReference;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.steps.repo.StateFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The PPA Assigner: a persistent pool of reusable PPAs named {@code ci-pool-001}…, each free,
 * reserved (by one ticket), dirty (released, still holding packages) or cleaning.
 *
 * <p>The pool's state is a JSON file written durably <em>before</em> the action it records, so a
 * crash leaves at worst a PPA marked reserved/dirty/cleaning whose real state is behind the
 * file's, which {@link #reconcile} finishes. A PPA is handed out only from {@code free}, so never
 * dirty. Several Lander processes may share the pool: changes happen under a file lock, and a
 * PPA is cleaned under a lock of its own, so a process that finds a PPA dirty never cleans it
 * while another process does (and hands it out again meanwhile).
 */
public final class PpaPool {
    public static final String NAME_PREFIX = "ci-pool-";
    /** Another process may release a PPA without notifying this JVM: look again this often. */
    private static final long RECHECK_MILLIS = 5_000;

    private final StateFile file;
    private final int size;
    private final PpaBackend backend;
    private final SortedSet<String> series;
    private final Object released = new Object();
    private long releases;

    /** @param series the series every PPA is published for */
    public PpaPool(Path stateFile, int size, PpaBackend backend, Set<String> series) {
        if (size < 1) {
            throw new IllegalArgumentException("the PPA pool needs at least one PPA, got " + size);
        }
        this.file = new StateFile(stateFile);
        this.size = size;
        this.backend = backend;
        this.series = new TreeSet<>(series);
    }

    /**
     * Reserves a free PPA for the ticket, or returns the one it already holds. While none is free,
     * waits and says so on the console.
     */
    public Ppa allocate(String ticketId, StepConsole console) throws Exception {
        if (ticketId == null || ticketId.isBlank()) {
            throw new IllegalArgumentException("a PPA is reserved for a ticket: ticket id missing");
        }
        String lastMessage = null;
        while (true) {
            long seen = releaseCount();
            PoolEntry reserved = file.locked(() -> reserveFor(ticketId));
            if (reserved != null) {
                for (String s : series) {
                    backend.create(reserved.name(), s, printer(console));
                }
                console.out().println("PPA " + reserved.name() + " reserved for ticket " + ticketId);
                return new Ppa(reserved.name());
            }
            String message = waitingMessage(entries());
            if (!message.equals(lastMessage)) {
                console.out().println(message);
                lastMessage = message;
            }
            synchronized (released) {
                if (releases == seen) {
                    released.wait(RECHECK_MILLIS);
                }
            }
        }
    }

    private PoolEntry reserveFor(String ticketId) throws IOException {
        List<PoolEntry> entries = load();
        Optional<PoolEntry> held = entries.stream()
                .filter(e -> e.state() == PpaState.RESERVED && ticketId.equals(e.ticketId()))
                .findFirst();
        if (held.isPresent()) {
            return held.get();
        }
        Optional<PoolEntry> free = entries.stream().filter(e -> e.state() == PpaState.FREE).findFirst();
        if (free.isEmpty()) {
            return null;
        }
        PoolEntry reserved = free.get().with(PpaState.RESERVED, ticketId);
        save(replace(entries, reserved));
        return reserved;
    }

    private String waitingMessage(List<PoolEntry> entries) {
        List<PoolEntry> reserved = entries.stream().filter(e -> e.state() == PpaState.RESERVED).toList();
        long cleaning = entries.stream().filter(e -> e.state() == PpaState.DIRTY || e.state() == PpaState.CLEANING).count();
        return "waiting for a free PPA (" + reserved.size() + "/" + entries.size() + " reserved by tickets "
                + reserved.stream().map(PoolEntry::ticketId).distinct().collect(Collectors.joining(", "))
                + (cleaning > 0 ? "; " + cleaning + " being cleaned" : "") + ")";
    }

    /** Marks the PPA dirty, cleans it and frees it. Releasing a free PPA does nothing. */
    public void release(String name, StepConsole console) throws Exception {
        PoolEntry entry = file.locked(() -> {
            List<PoolEntry> entries = load();
            PoolEntry current = find(entries, name);
            if (current.state() == PpaState.RESERVED) {
                current = current.with(PpaState.DIRTY, current.ticketId());
                save(replace(entries, current));
            }
            return current;
        });
        if (entry.state() != PpaState.FREE) {
            clean(entry, console);
        }
    }

    /**
     * Releases PPAs held by tickets not in {@code liveTickets} and finishes the cleans a crash
     * interrupted, so no PPA leaks and none is handed out dirty.
     */
    public void reconcile(Set<String> liveTickets, StepConsole console) throws Exception {
        for (PoolEntry entry : entries()) {
            switch (entry.state()) {
                case RESERVED -> {
                    if (!liveTickets.contains(entry.ticketId())) {
                        console.out().println("PPA " + entry.name() + " is reserved by ticket " + entry.ticketId()
                                + ", which no longer runs: releasing it");
                        release(entry.name(), console);
                    }
                }
                case DIRTY, CLEANING -> {
                    console.out().println("PPA " + entry.name() + " was left " + entry.state().json()
                            + " (by ticket " + entry.ticketId() + "): cleaning it");
                    clean(entry, console);
                }
                case FREE -> {}
            }
        }
    }

    /** Cleans the PPA unless, once its clean lock is held, it turns out another process already did. */
    private void clean(PoolEntry entry, StepConsole console) throws Exception {
        new StateFile(file.path().resolveSibling("clean-" + entry.name())).locked(() -> {
            PoolEntry now = find(entries(), entry.name());
            if (now.state() != PpaState.DIRTY && now.state() != PpaState.CLEANING) {
                return null;
            }
            file.locked(() -> {
                save(replace(load(), now.with(PpaState.CLEANING, now.ticketId())));
                return null;
            });
            console.out().println("cleaning PPA " + now.name());
            backend.clean(now.name(), printer(console));
            file.locked(() -> {
                save(replace(load(), now.with(PpaState.FREE, null)));
                return null;
            });
            console.out().println("PPA " + now.name() + " is free");
            return null;
        });
        synchronized (released) {
            releases++;
            released.notifyAll();
        }
    }

    /** The pool as the state file has it, populated up to the pool size. */
    public List<PoolEntry> entries() throws Exception {
        return file.locked(this::load);
    }

    /** The PPA the ticket holds, if any. */
    public Optional<PoolEntry> heldBy(String ticketId) throws Exception {
        return entries().stream()
                .filter(e -> e.state() == PpaState.RESERVED && ticketId.equals(e.ticketId()))
                .findFirst();
    }

    /**
     * The pool as its state file has it, for a reader that must not wait for landings nor start a
     * backend ({@code lander pool}): the file is replaced atomically, so it is read without a lock.
     */
    public static List<PoolEntry> read(Path stateFile, int size) throws IOException {
        return load(new StateFile(stateFile), size);
    }

    private long releaseCount() {
        synchronized (released) {
            return releases;
        }
    }

    private List<PoolEntry> load() throws IOException {
        return load(file, size);
    }

    private static List<PoolEntry> load(StateFile file, int size) throws IOException {
        List<PoolEntry> entries = new ArrayList<>();
        if (file.exists()) {
            entries.addAll(Json.MAPPER.readValue(file.read(), new TypeReference<List<PoolEntry>>() {}));
        }
        for (int i = 1; i <= size; i++) {
            String name = String.format("%s%03d", NAME_PREFIX, i);
            if (entries.stream().noneMatch(e -> e.name().equals(name))) {
                entries.add(new PoolEntry(name, PpaState.FREE, null));
            }
        }
        return entries;
    }

    private void save(List<PoolEntry> entries) throws IOException {
        file.write(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
    }

    private static PoolEntry find(List<PoolEntry> entries, String name) {
        return entries.stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no PPA named " + name + " in the pool"));
    }

    private static List<PoolEntry> replace(List<PoolEntry> entries, PoolEntry changed) {
        List<PoolEntry> out = new ArrayList<>(entries);
        out.replaceAll(e -> e.name().equals(changed.name()) ? changed : e);
        return out;
    }

    private static Consumer<String> printer(StepConsole console) {
        return console.out()::println;
    }
}
