package io.jenkins.plugins.lander.landing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * A step console that appends to a log file (kept across a resume, so the archived log tells the
 * whole story) and hands each complete line to a live sink.
 */
public class LoggedConsole implements StepConsole, AutoCloseable {
    private final Path logFile;
    private final PrintStream out;

    public LoggedConsole(Path logFile, Consumer<String> live) throws IOException {
        this.logFile = logFile;
        Files.createDirectories(logFile.getParent());
        OutputStream file = new java.io.BufferedOutputStream(
                Files.newOutputStream(logFile, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        this.out = new PrintStream(new LineTee(file, live), true, StandardCharsets.UTF_8);
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public void progress(int current, int total, String message) {
        out.println(io.jenkins.plugins.lander.landing.remote.ConsoleLines.progress(current, total, message));
    }

    @Override
    public void state(String state, String message) {
        out.println(io.jenkins.plugins.lander.landing.remote.ConsoleLines.state(state, message));
    }

    @Override
    public Path workDir() {
        String name = logFile.getFileName().toString().replaceFirst("\\.log$", "");
        Path dir = logFile.getParent().resolveSibling("work").resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    @Override
    public void close() {
        out.close();
    }

    /** Writes through to the file and cuts the stream into lines for the live sink. */
    private static final class LineTee extends OutputStream {
        private final OutputStream file;
        private final Consumer<String> live;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        LineTee(OutputStream file, Consumer<String> live) {
            this.file = file;
            this.live = live;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            file.write(b);
            if (b == '\n') {
                live.accept(line.toString(StandardCharsets.UTF_8));
                line.reset();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            file.flush();
        }

        @Override
        public synchronized void close() throws IOException {
            if (line.size() > 0) {
                live.accept(line.toString(StandardCharsets.UTF_8));
                line.reset();
            }
            file.close();
        }
    }
}
