package io.jenkins.plugins.lander.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One paragraph of a Debian control file (deb822), as found in {@code .dsc} and {@code .changes}.
 *
 * <p>An OpenPGP clear-signed wrapper is removed first; the signature is verified by
 * {@link SignatureVerifier}, which also checks that what was signed parses to the same fields.
 */
public final class ControlFile {
    private final Map<String, String> fields;

    private ControlFile(Map<String, String> fields) {
        this.fields = fields;
    }

    public static ControlFile parse(String fileName, String text) throws InvalidSourceException {
        List<String> lines = stripSignature(fileName, text.replace("\r\n", "\n").split("\n", -1));
        Map<String, String> fields = new LinkedHashMap<>();
        String current = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            refuseControlCharacters(fileName, i + 1, line);
            if (line.isBlank()) {
                if (fields.isEmpty()) {
                    continue;
                }
                break; // only the first paragraph matters for .dsc and .changes
            }
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith(" ") || line.startsWith("\t")) {
                if (current == null) {
                    throw new InvalidSourceException(
                            fileName + ": line " + (i + 1) + " continues a field but no field started");
                }
                fields.merge(current, "\n" + line.strip(), String::concat);
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.substring(0, colon).contains(" ")) {
                throw new InvalidSourceException(
                        fileName + ": line " + (i + 1) + " is not a 'Field: value' line: " + abbreviate(line));
            }
            current = line.substring(0, colon).toLowerCase(Locale.ROOT);
            if (fields.containsKey(current)) {
                throw new InvalidSourceException(fileName + ": field " + line.substring(0, colon) + " appears twice");
            }
            fields.put(current, line.substring(colon + 1).strip());
        }
        if (fields.isEmpty()) {
            throw new InvalidSourceException(fileName + ": no control fields found");
        }
        return new ControlFile(fields);
    }

    private static List<String> stripSignature(String fileName, String[] lines) throws InvalidSourceException {
        List<String> out = new ArrayList<>();
        int i = 0;
        boolean signed = lines.length > 0 && lines[0].strip().equals("-----BEGIN PGP SIGNED MESSAGE-----");
        if (!signed) {
            return List.of(lines);
        }
        // skip the armor headers up to the first blank line
        for (i = 1; i < lines.length && !lines[i].isBlank(); i++) {}
        for (i++; i < lines.length; i++) {
            if (lines[i].strip().equals("-----BEGIN PGP SIGNATURE-----")) {
                return out;
            }
            out.add(lines[i].startsWith("- ") ? lines[i].substring(2) : lines[i]);
        }
        throw new InvalidSourceException(fileName + ": signed message has no signature block");
    }

    /** A NUL, an escape or a lone carriage return has no place in a control file and could reach a log or a shell. */
    private static void refuseControlCharacters(String fileName, int lineNumber, String line) throws InvalidSourceException {
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (Character.isISOControl(ch) && ch != '\t') {
                throw new InvalidSourceException(String.format("%s: line %d has a control character (U+%04X)",
                        fileName, lineNumber, (int) ch));
            }
        }
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }

    /** Same fields with the same values, in any order. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ControlFile other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    public Optional<String> get(String field) {
        return Optional.ofNullable(fields.get(field.toLowerCase(Locale.ROOT)));
    }

    public String require(String fileName, String field) throws InvalidSourceException {
        return get(field)
                .filter(v -> !v.isBlank())
                .orElseThrow(() -> new InvalidSourceException(fileName + ": required field " + field + " is missing"));
    }

    /** The lines of a multi-line field such as {@code Checksums-Sha256}, without the empty first line. */
    public List<String> lines(String field) {
        return get(field).map(v -> v.lines().filter(l -> !l.isBlank()).toList()).orElse(List.of());
    }
}
