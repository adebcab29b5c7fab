package io.jenkins.plugins.lander.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and checks a source upload before anything is done with it: every file must be a regular
 * file (never a symbolic link) sitting beside the descriptor with a plain name, and must have the
 * size and every checksum that each of the {@code Files}, {@code Checksums-Sha1} and
 * {@code Checksums-Sha256} fields lists for it; the fields must list the same files.
 */
public final class SourceUploadReader {
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~_:-]*");
    private static final int MAX_CONTROL_FILE = 1 << 20;

    /** The file lists of deb-src-control(5) and deb-changes(5); the first one present orders the files. */
    private enum ChecksumField {
        SHA256("Checksums-Sha256", "SHA-256", 64),
        SHA1("Checksums-Sha1", "SHA-1", 40),
        MD5("Files", "MD5", 32);

        final String field;
        final String algorithm;
        final Pattern hash;

        ChecksumField(String field, String algorithm, int hexDigits) {
            this.field = field;
            this.algorithm = algorithm;
            this.hash = Pattern.compile("[0-9a-fA-F]{" + hexDigits + "}");
        }
    }

    /** One line of a checksum field. */
    private record Listed(long size, String hash) {}

    public SourceUpload read(Path descriptor) throws InvalidSourceException, IOException {
        String name = descriptor.getFileName().toString();
        checkFileName(name, name);
        if (!name.endsWith(".dsc") && !name.endsWith(".changes")) {
            throw new InvalidSourceException(name + ": not a .dsc or _source.changes file");
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(descriptor, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new InvalidSourceException(descriptor + ": no such file");
        }
        if (attributes.isSymbolicLink()) {
            throw new InvalidSourceException(name + ": is a symbolic link; name the file itself");
        }
        if (attributes.isDirectory()) {
            throw new InvalidSourceException(name + ": is a directory, not a .dsc or _source.changes file");
        }
        if (!attributes.isRegularFile()) {
            throw new InvalidSourceException(name + ": is not a regular file");
        }
        return name.endsWith(".dsc") ? readDsc(descriptor, descriptor, null, null, List.of()) : readChanges(descriptor);
    }

    /**
     * The names of the files a descriptor lists in its checksum fields, read before those files
     * are there: what a face that fetches an upload (the Jenkins ticket bridge) fetches beside it
     * before {@link #read} checks them all. Each name is checked to be plain.
     */
    public static List<String> listedFiles(Path descriptor) throws InvalidSourceException, IOException {
        String name = descriptor.getFileName().toString();
        checkFileName(name, name);
        ControlFile control = ControlFile.parse(name, readControl(descriptor));
        Set<String> names = new LinkedHashSet<>();
        for (ChecksumField f : ChecksumField.values()) {
            for (String fileName : parseField(name, f, control.lines(f.field)).keySet()) {
                checkFileName(name, fileName);
                names.add(fileName);
            }
        }
        return List.copyOf(names);
    }

    private SourceUpload readChanges(Path changes) throws InvalidSourceException, IOException {
        String name = changes.getFileName().toString();
        ControlFile control = ControlFile.parse(name, readControl(changes));
        control.require(name, "Format");
        String distribution = control.require(name, "Distribution");
        if (!DebianNames.isSuite(distribution)) {
            throw new InvalidSourceException(name + ": invalid distribution '" + printable(distribution) + "'");
        }
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
        if (!DebianNames.isPackageName(source)) {
            throw new InvalidSourceException(name + ": invalid source package name '" + source + "'");
        }
        String version = control.require(name, "Version");
        if (!DebianNames.isVersion(version)) {
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

    /** The text of a descriptor already checked to be a regular file; a link swapped in since is not followed. */
    static String readControl(Path file) throws InvalidSourceException, IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_CONTROL_FILE + 1);
        }
        if (bytes.length > MAX_CONTROL_FILE) {
            throw new InvalidSourceException(file.getFileName() + ": larger than 1 MiB, not a control file");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidSourceException(file.getFileName() + ": not UTF-8 text");
        }
    }

    /** Parses every checksum field present, checks they list the same files, then checks each file against each. */
    private List<SourceFile> checkListedFiles(String owner, Path dir, ControlFile control)
            throws InvalidSourceException, IOException {
        Map<ChecksumField, Map<String, Listed>> fields = new EnumMap<>(ChecksumField.class);
        for (ChecksumField f : ChecksumField.values()) {
            List<String> lines = control.lines(f.field);
            if (!lines.isEmpty()) {
                fields.put(f, parseField(owner, f, lines));
            }
        }
        if (fields.isEmpty()) {
            throw new InvalidSourceException(owner + ": lists no files (no Files or Checksums-Sha256 field)");
        }
        ChecksumField first = fields.keySet().iterator().next();
        for (ChecksumField other : fields.keySet()) {
            sameFiles(owner, first, fields.get(first), other, fields.get(other));
            sameFiles(owner, other, fields.get(other), first, fields.get(first));
        }
        List<SourceFile> files = new ArrayList<>();
        for (String fileName : fields.get(first).keySet()) {
            checkFileName(owner, fileName);
            Path path = dir.resolve(fileName);
            requireRegularFile(owner, fileName, path, dir);
            Map<ChecksumField, String> actual = digests(path);
            long actualSize = Files.size(path);
            for (Map.Entry<ChecksumField, Map<String, Listed>> field : fields.entrySet()) {
                Listed listed = field.getValue().get(fileName);
                String in = " (field " + field.getKey().field + ")";
                if (listed.size() != actualSize) {
                    throw new InvalidSourceException(owner + ": size mismatch for " + fileName + in + ": listed "
                            + listed.size() + ", found " + actualSize);
                }
                if (!actual.get(field.getKey()).equalsIgnoreCase(listed.hash())) {
                    throw new InvalidSourceException(owner + ": " + field.getKey().algorithm + " checksum mismatch for "
                            + fileName + in);
                }
            }
            files.add(new SourceFile(fileName, path, actualSize, actual.get(ChecksumField.SHA256)));
        }
        return files;
    }

    /**
     * A field's lines: {@code HASH SIZE NAME}, or in a {@code .changes} {@code Files} field
     * {@code MD5 SIZE SECTION PRIORITY NAME}.
     */
    private static Map<String, Listed> parseField(String owner, ChecksumField field, List<String> lines)
            throws InvalidSourceException {
        Map<String, Listed> listed = new LinkedHashMap<>();
        for (String line : lines) {
            String[] parts = line.trim().split("\\s+");
            boolean shape = parts.length == 3 || (field == ChecksumField.MD5 && parts.length == 5);
            if (!shape || !field.hash.matcher(parts[0]).matches()) {
                throw new InvalidSourceException(owner + ": malformed " + field.field + " line '" + printable(line.trim()) + "'");
            }
            String name = parts[parts.length - 1];
            if (listed.put(name, new Listed(parseSize(owner, parts[1]), parts[0])) != null) {
                throw new InvalidSourceException(owner + ": " + field.field + " lists " + printable(name) + " twice");
            }
        }
        return listed;
    }

    private static void sameFiles(String owner, ChecksumField a, Map<String, Listed> aFiles, ChecksumField b,
            Map<String, Listed> bFiles) throws InvalidSourceException {
        for (String name : aFiles.keySet()) {
            if (!bFiles.containsKey(name)) {
                throw new InvalidSourceException(owner + ": " + a.field + " lists " + printable(name) + " but " + b.field
                        + " does not");
            }
        }
    }

    /** Not followed even when the target has the listed checksums: a link can point anywhere (/etc/passwd). */
    private static void requireRegularFile(String owner, String fileName, Path path, Path dir)
            throws InvalidSourceException, IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new InvalidSourceException(owner + ": lists " + fileName + " but it is missing from " + dir);
        }
        if (attributes.isSymbolicLink()) {
            throw new InvalidSourceException(owner + ": lists " + fileName + " but it is a symbolic link;"
                    + " uploads must be regular files in " + dir);
        }
        if (!attributes.isRegularFile()) {
            throw new InvalidSourceException(owner + ": lists " + fileName + " but it is not a regular file");
        }
    }

    private static long parseSize(String owner, String text) throws InvalidSourceException {
        try {
            long size = Long.parseLong(text);
            if (size < 0) {
                throw new NumberFormatException();
            }
            return size;
        } catch (NumberFormatException e) {
            throw new InvalidSourceException(owner + ": invalid file size '" + printable(text) + "'");
        }
    }

    static void checkFileName(String owner, String fileName) throws InvalidSourceException {
        if (fileName.contains("/") || fileName.contains("..") || !FILE_NAME.matcher(fileName).matches()) {
            throw new InvalidSourceException(printable(owner) + ": refusing file name '" + printable(fileName)
                    + "': names must be plain (letters, digits and . + ~ _ : -; no '/', no '..', no control characters)");
        }
    }

    /** The text with control characters shown as {@code \\uXXXX}, so a message cannot break a log or a terminal. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.chars().forEach(ch -> {
            if (Character.isISOControl(ch)) {
                out.append(String.format("\\u%04x", ch));
            } else {
                out.append((char) ch);
            }
        });
        return out.toString();
    }

    public static String sha256(Path file) throws IOException {
        return digests(file).get(ChecksumField.SHA256);
    }

    /** Every checksum the fields can list, in one read of the file. */
    private static Map<ChecksumField, String> digests(Path file) throws IOException {
        Map<ChecksumField, MessageDigest> digests = new EnumMap<>(ChecksumField.class);
        for (ChecksumField f : ChecksumField.values()) {
            try {
                digests.put(f, MessageDigest.getInstance(f.algorithm));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (MessageDigest md : digests.values()) {
                    md.update(buf, 0, n);
                }
            }
        }
        Map<ChecksumField, String> hex = new EnumMap<>(ChecksumField.class);
        digests.forEach((f, md) -> hex.put(f, HexFormat.of().formatHex(md.digest())));
        return hex;
    }
}
