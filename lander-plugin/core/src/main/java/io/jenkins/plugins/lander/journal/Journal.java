package io.jenkins.plugins.lander.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.lander.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A write-ahead journal of external actions, one JSON object per line, forced to disk before the
 * action it records is taken.
 *
 * <p>{@link #run} writes {@code started}, performs the action, then writes {@code done} with the
 * action's result. After a crash, a {@code done} action is never performed again (its recorded
 * result is returned); a {@code started} one is performed again with {@code resuming == true}, so
 * the action can reconcile with what it may already have done (the request-recorded-before-sent
 * lesson of the britney seed). A torn last line, from a crash mid-write, is ignored.
 */
public final class Journal {
    private static final ObjectMapper JSON = Json.MAPPER;
    /**
     * Told of every entry once it is on disk. Only the crash tests set it (to halt the JVM as
     * {@code kill -9} would at a chosen entry); no production process reads a crash point.
     */
    private static volatile Consumer<Entry> appended = entry -> {};
    private final Path file;
    private final Map<String, Entry> latest = new LinkedHashMap<>();

    private Journal(Path file) {
        this.file = file;
    }

    public static Journal open(Path file) throws IOException {
        Journal journal = new Journal(file);
        Files.createDirectories(file.getParent());
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                journal.load(line);
            }
        }
        return journal;
    }

    private void load(String line) {
        if (line.isBlank()) {
            return;
        }
        try {
            JsonNode node = JSON.readTree(line);
            Entry entry = new Entry(
                    node.path("action").asText(),
                    State.valueOf(node.path("state").asText()),
                    node.get("result"),
                    node.path("time").asText(),
                    node.has("took_ms") ? Duration.ofMillis(node.path("took_ms").asLong()) : null);
            latest.put(entry.action(), entry);
        } catch (IOException | IllegalArgumentException e) {
            // a line torn by a crash during append: the action it announced did not start
        }
    }

    /**
     * Performs {@code action} unless the journal says it is done, in which case its recorded
     * result is returned. Different actions may run at the same time (the builds of independent
     * uploads); the journal only serialises its own reads and appends.
     */
    public <T> T run(String action, Class<T> resultType, JournaledAction<T> body) throws Exception {
        boolean resuming;
        synchronized (this) {
            Entry entry = latest.get(action);
            if (entry != null && entry.state() == State.done) {
                return entry.result() == null || entry.result().isNull() ? null : JSON.treeToValue(entry.result(), resultType);
            }
            resuming = entry != null && entry.state() == State.started;
            append(action, State.started, null);
        }
        long start = System.nanoTime();
        T result = body.perform(resuming);
        synchronized (this) {
            append(action, State.done, result == null ? null : JSON.valueToTree(result),
                    Duration.ofNanos(System.nanoTime() - start));
        }
        return result;
    }

    /** Records a fact that has no action behind it (for example the ticket's final state). */
    public synchronized void record(String action, Object result) throws IOException {
        append(action, State.done, result == null ? null : JSON.valueToTree(result), null);
    }

    public synchronized boolean isDone(String action) {
        Entry e = latest.get(action);
        return e != null && e.state() == State.done;
    }

    public synchronized boolean isStarted(String action) {
        Entry e = latest.get(action);
        return e != null && e.state() == State.started;
    }

    public synchronized <T> Optional<T> result(String action, Class<T> type) throws IOException {
        Entry e = latest.get(action);
        if (e == null || e.state() != State.done || e.result() == null || e.result().isNull()) {
            return Optional.empty();
        }
        return Optional.of(JSON.treeToValue(e.result(), type));
    }

    /** The latest entry of every action, in the order they were first journaled. */
    public synchronized List<Entry> entries() {
        return new ArrayList<>(latest.values());
    }

    private void append(String action, State state, JsonNode result) throws IOException {
        append(action, state, result, null);
    }

    /** @param took how long the last attempt of the action ran, for a {@code done} entry */
    private void append(String action, State state, JsonNode result, Duration took) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("action", action);
        node.put("state", state.name());
        node.put("time", Instant.now().toString());
        if (took != null) {
            node.put("took_ms", took.toMillis());
        }
        if (result != null) {
            node.set("result", result);
        }
        byte[] line = (JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Entry entry = new Entry(action, state, result, node.get("time").asText(), took);
        latest.put(action, entry);
        appended.accept(entry);
    }

    /** For the crash tests' fault injection only. */
    public static void onAppended(Consumer<Entry> listener) {
        appended = listener;
    }

    public Path file() {
        return file;
    }

    public enum State {
        started,
        done
    }

    /** @param took how long the action's last attempt ran (done entries of performed actions), else null */
    public record Entry(String action, State state, JsonNode result, String time, Duration took) {}
}
