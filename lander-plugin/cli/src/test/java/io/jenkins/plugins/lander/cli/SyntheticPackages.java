package io.jenkins.plugins.lander.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Tiny native source packages made with dpkg-source in a test, for a test archive of a library
 * and its reverse dependencies: {@code liba} ships {@code /usr/bin/liba-answer}, which prints the
 * answer it is built with; a reverse dependency ships a binary depending on {@code liba-bin}
 * and a DEP-8 test (Depends: @) running {@code check}; liba's own test only runs its program. Everything is Architecture: all and
 * built by debhelper alone, so each build takes seconds.
 */
final class SyntheticPackages {
    private SyntheticPackages() {}

    /** {@code liba VERSION} whose {@code liba-answer} prints {@code answer}. */
    static Path library(Path out, String version, String answer) throws IOException, InterruptedException {
        Path tree = tree(out, "liba", version, "liba-bin", null,
                "#!/bin/sh\necho " + answer + "\n");
        // a test of its own, as libraries have: without one autopkgtest's summary names the test '*'
        Path tests = Files.createDirectories(tree.resolve("debian/tests"));
        Files.writeString(tests.resolve("control"), "Tests: answers\nDepends: @\n");
        executable(tests.resolve("answers"), "#!/bin/sh\nset -e\nliba-answer\n");
        return build(out, tree, "liba", version);
    }

    /** A reverse dependency of liba whose test runs {@code check} (a shell condition). */
    static Path reverseDependency(Path out, String source, String version, String check) throws IOException, InterruptedException {
        Path tree = tree(out, source, version, source + "-bin", "liba-bin", "#!/bin/sh\nliba-answer\n");
        Path tests = Files.createDirectories(tree.resolve("debian/tests"));
        Files.writeString(tests.resolve("control"), "Tests: smoke\nDepends: @\n");
        executable(tests.resolve("smoke"), "#!/bin/sh\nset -e\n" + check + "\n");
        return build(out, tree, source, version);
    }

    private static Path tree(Path out, String source, String version, String binary, String depends, String script)
            throws IOException {
        Path tree = Files.createDirectories(out.resolve(source + "-" + version));
        Path debian = Files.createDirectories(tree.resolve("debian"));
        Files.writeString(debian.resolve("control"), "Source: " + source + "\nSection: misc\nPriority: optional\n"
                + "Maintainer: Lander tests <lander@example.org>\nBuild-Depends: debhelper-compat (= 13)\n"
                + "Standards-Version: 4.6.2\nRules-Requires-Root: no\n\nPackage: " + binary + "\nArchitecture: all\n"
                + "Depends: ${misc:Depends}" + (depends == null ? "" : ", " + depends) + "\n"
                + "Description: synthetic package of the Lander's tests\n A test archive's " + source + ".\n");
        Files.writeString(debian.resolve("changelog"), source + " (" + version + ") bookworm; urgency=medium\n\n"
                + "  * Synthetic test package.\n\n -- Lander tests <lander@example.org>  Wed, 02 Dec 2026 07:00:00 +0000\n");
        executable(debian.resolve("rules"), "#!/usr/bin/make -f\n%:\n\tdh $@\n");
        Files.createDirectories(debian.resolve("source"));
        Files.writeString(debian.resolve("source/format"), "3.0 (native)\n");
        Files.writeString(debian.resolve("copyright"), "Public domain test data.\n");
        String program = binary.equals("liba-bin") ? "liba-answer" : binary;
        executable(tree.resolve(program), script);
        Files.writeString(debian.resolve(binary + ".install"), program + " usr/bin\n");
        return tree;
    }

    private static void executable(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static Path build(Path out, Path tree, String source, String version) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("dpkg-source", "-b", tree.getFileName().toString()))
                .directory(out.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("dpkg-source -b " + tree + " failed: " + output);
        }
        return out.resolve(source + "_" + version + ".dsc");
    }
}
