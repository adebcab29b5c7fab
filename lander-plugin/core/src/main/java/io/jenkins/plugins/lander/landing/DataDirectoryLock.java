package io.jenkins.plugins.lander.landing;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Lander per data directory: landings are serial (FIFO), and a second {@code lander land} on
 * the same directory waits for the first, saying who holds the lock. The OS drops the lock when
 * its holder dies, even by {@code kill -9}.
 */
public final class DataDirectoryLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static DataDirectoryLock acquire(Path dataDir, PrintStream messages) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("lander.lock");
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
            messages.println("lander: waiting for " + dataDir + " (in use by process " + (holder.isEmpty() ? "?" : holder) + ")");
            lock = channel.lock();
        }
        channel.truncate(0);
        channel.write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
        return new DataDirectoryLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
