package io.jenkins.plugins.lander.datastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.jenkins.plugins.lander.datastore.DataStore.Bundle;
import io.jenkins.plugins.lander.datastore.DataStore.BundleFile;
import io.jenkins.plugins.lander.datastore.DataStore.Visibility;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link DataStore#putBundle}'s contract, for every backend. */
public abstract class BundleContract {
    private static final int FILES = 25;

    @TempDir
    protected Path dir;

    protected abstract DataStore store();

    protected abstract String container();

    /** Whether {@link DataStore#list} shows a bundle all at once too (a rename, not an upload). */
    protected abstract boolean listingIsAtomic();

    @Test
    void aReaderPollingDuringTheWriteSeesNothingOrTheWholeBundle() throws Exception {
        Map<String, Path> files = files("one", FILES);
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicInteger complete = new AtomicInteger();
        AtomicInteger empty = new AtomicInteger();
        AtomicBoolean written = new AtomicBoolean();
        CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
            // one more poll after the write returned, so the complete bundle is seen at least once
            for (boolean last = false; !last; ) {
                last = written.get();
                try {
                    Optional<Bundle> b = store().bundle(container(), "results");
                    if (b.isEmpty()) {
                        empty.incrementAndGet();
                    } else {
                        check(b.get(), "one", FILES).ifPresent(violations::add);
                        complete.incrementAndGet();
                    }
                    if (listingIsAtomic()) {
                        long listed = store().list(container()).stream().filter(n -> n.startsWith("results/")).count();
                        if (listed != 0 && listed != FILES + 1) {
                            violations.add("listing shows " + listed + " of " + (FILES + 1) + " names");
                        }
                    }
                } catch (IOException e) {
                    violations.add(e.toString());
                }
            }
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> empty.get() > 0 || complete.get() > 0);
        store().putBundle(container(), "results", files, Visibility.PUBLIC);
        written.set(true);
        reader.get();

        assertThat(violations).isEmpty();
        assertThat(complete.get()).isPositive();
        assertThat(empty.get()).as("the reader polled before the bundle was there").isPositive();
    }

    @Test
    void aRewriteReplacesEverythingUnderThePrefix() throws Exception {
        store().putBundle(container(), "results", files("one", 3), Visibility.PUBLIC);
        Map<String, Path> second = files("two", 2);

        store().putBundle(container(), "results", second, Visibility.PRIVATE);

        Bundle b = store().bundle(container(), "results").orElseThrow();
        assertThat(b.files()).extracting(BundleFile::name).containsExactlyElementsOf(second.keySet());
        assertThat(check(b, "two", 2)).isEmpty();
        assertThat(store().list(container()))
                .containsExactlyInAnyOrder("results/" + DataStore.BUNDLE_MANIFEST, "results/f00.log", "results/f01.log");
        assertThat(store().visibility(container(), "results/f00.log")).isEqualTo(Visibility.PRIVATE);
        assertThatThrownBy(() -> store().get(container(), "results/f02.log")).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void refusesBadBundlesAndWritesNothing() throws Exception {
        Map<String, Path> files = new TreeMap<>(files("one", 1));
        assertThatThrownBy(() -> store().putBundle(container(), "../out", files, Visibility.PUBLIC))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().putBundle(container(), "results", Map.of(), Visibility.PUBLIC))
                .isInstanceOf(IllegalArgumentException.class);
        files.put(DataStore.BUNDLE_MANIFEST, files.get("f00.log"));
        assertThatThrownBy(() -> store().putBundle(container(), "results", files, Visibility.PUBLIC))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().putBundle(container(), "results",
                Map.of("missing", dir.resolve("missing")), Visibility.PUBLIC)).isInstanceOf(NoSuchFileException.class);
        assertThat(store().list(container())).isEmpty();
        assertThat(store().bundle(container(), "results")).isEmpty();
    }

    /** Files named fNN.log whose content names the generation. */
    protected Map<String, Path> files(String generation, int count) throws IOException {
        Map<String, Path> files = new TreeMap<>();
        Path gen = Files.createDirectories(dir.resolve(generation));
        for (int i = 0; i < count; i++) {
            String name = String.format("f%02d.log", i);
            files.put(name, Files.writeString(gen.resolve(name), generation + " " + name + " " + "x".repeat(2000)));
        }
        return files;
    }

    /** What is wrong with a bundle a reader got, if anything. */
    protected Optional<String> check(Bundle b, String generation, int count) throws IOException {
        List<String> wrong = new ArrayList<>();
        if (b.files().size() != count) {
            wrong.add("manifest lists " + b.files().size() + " files");
        }
        for (BundleFile f : b.files()) {
            byte[] content;
            try (InputStream in = store().get(container(), b.prefix() + "/" + f.name())) {
                content = in.readAllBytes();
            } catch (NoSuchFileException e) {
                wrong.add(f.name() + " listed but missing");
                continue;
            }
            if (!Checksums.md5(content).equals(f.md5()) || content.length != f.size()
                    || !new String(content, StandardCharsets.UTF_8).startsWith(generation + " ")) {
                wrong.add(f.name() + " differs from the manifest");
            }
        }
        return wrong.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", wrong));
    }
}
