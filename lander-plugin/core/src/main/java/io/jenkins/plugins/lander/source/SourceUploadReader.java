package io.jenkins.plugins.lander.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and checks a source upload before anything is done with it: every listed file must sit
 * beside the descriptor with a plain name, the listed size and the listed checksum.
 */
public final class SourceUploadReader {
    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    private static final Pattern VERSION = Pattern.compile("([0-9]+:)?[0-9][A-Za-z0-9.+~:-]*");
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~_:-]*");
    private static final long MAX_CONTROL_FILE = 1 << 20;

    public SourceUpload read(Path descriptor) throws InvalidSourceException, IOException {
        String name = descriptor.getFileName().toString();
        if (name.endsWith(".dsc")) {
            return readDsc(descriptor, descriptor, null, null, List.of());
        }
        if (name.endsWith(".changes")) {
            return readChanges(descriptor);
        }
        throw new InvalidSourceException(name + ": not a .dsc or _source.changes file");
    }

    private SourceUpload readChanges(Path changes) throws InvalidSourceException, IOException {
        String name = changes.getFileName().toString();
        ControlFile control = ControlFile.parse(name, readControl(changes));
        control.require(name, "Format");
        String distribution = control.require(name, "Distribution");
        List<SourceFile> files = checkListedFiles(name, changes.getParent(), control);
        List<SourceFile> dscs = files.stream().filter(f -> f.name().endsWith(".dsc")).toList();
        List<String> binaries = files.stream()
                .map(SourceFile::name)
                .filter(f -> f.endsWith(".deb") || f.endsWith(".udeb") || f.endsWith(".ddeb"))
                .toList();
        if (!binaries.isEmpty()) {
            throw new InvalidSourceException(name + ": lists binary packages " + binaries
                    + "; only source uploads are landed (build with dpkg-buildpackage -S)");
        }
        if (dscs.size() != 1) {
            throw new InvalidSourceException(name + ": must list exactly one .dsc, lists " + dscs.size());
        }
        List<SourceFile> own = new ArrayList<>();
        own.add(new SourceFile(name, changes, Files.size(changes), sha256(changes)));
        own.addAll(files);
        SourceUpload upload = readDsc(changes, dscs.get(0).path(), distribution, nonBlank(control, "Changed-By"), own);
        String source = control.require(name, "Source").split(" ")[0];
        String version = control.require(name, "Version");
        if (!source.equals(upload.source()) || !version.equals(upload.version())) {
            throw new InvalidSourceException(name + ": names " + source + " " + version + " but its .dsc is "
                    + upload.source() + " " + upload.version());
        }
        return upload;
    }

    private SourceUpload readDsc(
            Path descriptor, Path dsc, String distribution, String changedBy, List<SourceFile> alreadyChecked)
            throws InvalidSourceException, IOException {
        String name = dsc.getFileName().toString();
        ControlFile control = ControlFile.parse(name, readControl(dsc));
        String source = control.require(name, "Source");
        if (!SOURCE_NAME.matcher(source).matches()) {
            throw new InvalidSourceException(name + ": invalid source package name '" + source + "'");
        }
        String version = control.require(name, "Version");
        if (!VERSION.matcher(version).matches()) {
            throw new InvalidSourceException(name + ": invalid version '" + version + "'");
        }
        control.require(name, "Format");
        List<String> binaries = splitList(control.get("Binary").orElse(""));
        List<String> architectures = splitList(control.get("Architecture").orElse("any"));
        List<SourceFile> dscFiles = checkListedFiles(name, dsc.getParent(), control);
        Map<String, SourceFile> all = new LinkedHashMap<>();
        alreadyChecked.forEach(f -> all.put(f.name(), f));
        all.putIfAbsent(name, new SourceFile(name, dsc, Files.size(dsc), sha256(dsc)));
        dscFiles.forEach(f -> all.putIfAbsent(f.name(), f));
        return new SourceUpload(descriptor, dsc, source, version, binaries, architectures, distribution,
                List.copyOf(all.values()), changedBy, nonBlank(control, "Maintainer"));
    }

    private static String nonBlank(ControlFile control, String field) {
        return control.get(field).filter(v -> !v.isBlank()).orElse(null);
    }

    private static List<String> splitList(String value) {
        return Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    private static String readControl(Path file) throws InvalidSourceException, IOException {
        try {
            if (Files.size(file) > MAX_CONTROL_FILE) {
                throw new InvalidSourceException(file.getFileName() + ": larger than 1 MiB, not a control file");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidSourceException(file + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidSourceException(file.getFileName() + ": not UTF-8 text");
        }
    }

    /**
     * Checks the files of {@code Checksums-Sha256}, or of {@code Files} (MD5) when an old upload
     * has no SHA-256 list, and checks that the two lists agree on names and sizes.
     */
    private List<SourceFile> checkListedFiles(String owner, Path dir, ControlFile control)
            throws InvalidSourceException, IOException {
        List<String> sha256Lines = control.lines("Checksums-Sha256");
        List<String> md5Lines = control.lines("Files");
        if (sha256Lines.isEmpty() && md5Lines.isEmpty()) {
            throw new InvalidSourceException(owner + ": lists no files (no Files or Checksums-Sha256 field)");
        }
        boolean useSha256 = !sha256Lines.isEmpty();
        List<SourceFile> files = new ArrayList<>();
        for (String line : useSha256 ? sha256Lines : md5Lines) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 3) {
                throw new InvalidSourceException(owner + ": malformed file line '" + line.trim() + "'");
            }
            String fileName = parts[parts.length - 1];
            long size = parseSize(owner, parts[1]);
            checkFileName(owner, fileName);
            Path path = dir.resolve(fileName);
            if (!Files.isRegularFile(path)) {
                throw new InvalidSourceException(owner + ": lists " + fileName + " but it is missing from " + dir);
            }
            long actualSize = Files.size(path);
            if (actualSize != size) {
                throw new InvalidSourceException(
                        owner + ": size mismatch for " + fileName + ": listed " + size + ", found " + actualSize);
            }
            String actual = useSha256 ? sha256(path) : digest(path, "MD5");
            if (!actual.equalsIgnoreCase(parts[0])) {
                throw new InvalidSourceException(owner + ": " + (useSha256 ? "SHA-256" : "MD5")
                        + " checksum mismatch for " + fileName);
            }
            files.add(new SourceFile(fileName, path, size, useSha256 ? actual : sha256(path)));
        }
        if (useSha256 && !md5Lines.isEmpty()) {
            List<String> md5Names = md5Lines.stream().map(l -> l.trim().split("\\s+")).map(p -> p[p.length - 1]).sorted().toList();
            List<String> shaNames = files.stream().map(SourceFile::name).sorted().toList();
            if (!md5Names.equals(shaNames)) {
                throw new InvalidSourceException(owner + ": Files and Checksums-Sha256 list different files");
            }
        }
        return files;
    }

    private static long parseSize(String owner, String text) throws InvalidSourceException {
        try {
            long size = Long.parseLong(text);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new InvalidSourceException(owner + ": invalid file size '" + text + "'");
        }
    }

    static void checkFileName(String owner, String fileName) throws InvalidSourceException {
        if (fileName.contains("/") || fileName.contains("..") || !FILE_NAME.matcher(fileName).matches()) {
            throw new InvalidSourceException(owner + ": refusing file name '" + fileName
                    + "': names must be plain (no '/', no '..')");
        }
    }

    public static String sha256(Path file) throws IOException {
        return digest(file, "SHA-256");
    }

    private static String digest(Path file, String algorithm) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
