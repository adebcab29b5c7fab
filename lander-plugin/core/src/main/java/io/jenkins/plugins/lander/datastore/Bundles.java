package io.jenkins.plugins.lander.datastore;

import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.datastore.DataStore.Bundle;
import io.jenkins.plugins.lander.datastore.DataStore.BundleFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The bundle manifest both backends write and read (see {@link DataStore#putBundle}). */
public final class Bundles {
    private Bundles() {}

    /** The manifest of {@code files}, read from disk now: names sorted, sizes and MD5s. */
    public static Bundle describe(String prefix, Map<String, Path> files) throws IOException {
        checkPrefix(prefix);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("bundle " + prefix + " has no files");
        }
        List<BundleFile> described = new ArrayList<>();
        for (Map.Entry<String, Path> e : new TreeMap<>(files).entrySet()) {
            String name = e.getKey();
            if (name.equals(DataStore.BUNDLE_MANIFEST)) {
                throw new IllegalArgumentException("a bundle cannot hold a file named " + DataStore.BUNDLE_MANIFEST);
            }
            Names.checkName(prefix + "/" + name);
            Checksums.Summary summary = Checksums.md5(e.getValue());
            described.add(new BundleFile(name, summary.size(), summary.md5()));
        }
        return new Bundle(prefix, described);
    }

    public static byte[] manifest(Bundle bundle) throws IOException {
        return Json.MAPPER.writeValueAsBytes(bundle);
    }

    public static Bundle parse(InputStream manifest) throws IOException {
        return Json.MAPPER.readValue(manifest, Bundle.class);
    }

    public static void checkPrefix(String prefix) {
        Names.checkName(prefix);
    }
}
