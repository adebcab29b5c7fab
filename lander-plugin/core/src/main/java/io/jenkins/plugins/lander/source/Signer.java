package io.jenkins.plugins.lander.source;

/**
 * The key that signed an upload, as gpgv reports it.
 *
 * @param fingerprint the primary key's fingerprint (hex, upper case)
 * @param uid the user id gpgv named, e.g. {@code Jane Doe <jane@example.com>}
 */
public record Signer(String fingerprint, String uid) {
    @Override
    public String toString() {
        return uid + " (" + fingerprint + ")";
    }
}
