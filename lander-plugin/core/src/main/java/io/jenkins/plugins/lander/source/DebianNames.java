package io.jenkins.plugins.lander.source;

import java.util.regex.Pattern;

/** The shapes Debian gives names and versions (Debian Policy 5.6.1, 5.6.7, 5.6.12), for every check of them. */
public final class DebianNames {
    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+");
    private static final Pattern VERSION = Pattern.compile("([0-9]+:)?[0-9][A-Za-z0-9.+~:-]*");
    // suites and codenames: bookworm, bookworm-backports, UNRELEASED
    private static final Pattern SUITE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+-]*");
    // architectures and wildcards: amd64, all, any, linux-any, any-arm64
    private static final Pattern ARCHITECTURE = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private DebianNames() {}

    /** A source or binary package name. */
    public static boolean isPackageName(String name) {
        return PACKAGE.matcher(name).matches();
    }

    public static boolean isVersion(String version) {
        return VERSION.matcher(version).matches();
    }

    public static boolean isSuite(String suite) {
        return SUITE.matcher(suite).matches();
    }

    public static boolean isArchitecture(String architecture) {
        return ARCHITECTURE.matcher(architecture).matches();
    }
}
