package io.jenkins.plugins.lander.steps.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build dependencies sbuild could not install, from apt's report in the build log:
 *
 * <pre>
 * The following packages have unmet dependencies:
 *  sbuild-build-depends-main-dummy : Depends: hello (&gt;= 99)
 *                                    Depends: libfoo-dev (&gt;= 2.0) but it is not installable
 * E: Unable to correct problems, you have held broken packages.
 * </pre>
 *
 * (sbuild 0.85, bookworm), so a failed install-deps stage is reported as Launchpad reports it: a
 * dependency wait naming what is missing.
 */
final class UnmetDependencies {
    private static final String HEADER = "The following packages have unmet dependencies:";
    private static final Pattern DEPENDS = Pattern.compile("^\\s*(?:sbuild-build-depends-\\S+\\s*:\\s*)?(?:Pre-)?Depends:\\s*(.+?)"
            + "(?:\\s+but\\s+.*)?$");

    private UnmetDependencies() {}

    /** The unmet relations, e.g. {@code libfoo-dev (>= 2.0)}, in the log's order; empty when it has no report. */
    static List<String> of(Path buildLog) throws IOException {
        List<String> out = new ArrayList<>();
        boolean inReport = false;
        for (String line : Files.readAllLines(buildLog, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith(HEADER)) {
                inReport = true;
                continue;
            }
            if (!inReport) {
                continue;
            }
            Matcher m = DEPENDS.matcher(line);
            if (!m.matches()) {
                inReport = false;
                continue;
            }
            if (!out.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }
}
