package io.jenkins.plugins.lander.ticketsystem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The bearer token every write needs: {@code LANDER_API_TOKEN}, else {@code DATA/api-token},
 * created with mode 0600 on the server's first start. The token is never logged.
 */
public final class ApiToken {
    public static final String ENV = "LANDER_API_TOKEN";
    public static final String FILE = "api-token";
    private final byte[] token;

    private ApiToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    /** For the server: the environment's token, or the data directory's, created if missing. */
    public static ApiToken forServer(Path dataDir, String fromEnvironment) throws IOException {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new ApiToken(fromEnvironment.strip());
        }
        Path file = dataDir.resolve(FILE);
        Files.createDirectories(dataDir);
        try {
            // created 0600 from the start: there is no moment when another user could read it
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Files.writeString(file, HexFormat.of().formatHex(random) + "\n", StandardCharsets.UTF_8);
        } catch (FileAlreadyExistsException e) {
            // made by an earlier start
        }
        return new ApiToken(read(file).orElseThrow(() -> new IOException(file + " is empty")));
    }

    /** For a client: the environment's token, else the data directory's, if there is one. */
    public static Optional<String> forClient(Path dataDir, String fromEnvironment) throws IOException {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment.strip());
        }
        Path file = dataDir.resolve(FILE);
        return Files.isRegularFile(file) ? read(file) : Optional.empty();
    }

    private static Optional<String> read(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8).strip();
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** Checks an {@code Authorization} header in constant time. */
    public boolean accepts(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }

    /** The token's text, for a client in the same process (tests). */
    public String value() {
        return new String(token, StandardCharsets.UTF_8);
    }
}
