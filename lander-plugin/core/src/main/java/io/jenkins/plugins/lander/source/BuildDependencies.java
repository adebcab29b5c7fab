package io.jenkins.plugins.lander.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The package names a source build-depends on ({@code Build-Depends}, {@code -Arch},
 * {@code -Indep} of its {@code .dsc}), every alternative included: enough to tell which uploads of
 * a ticket must be built before which, not to resolve the relations (sbuild does that).
 */
public final class BuildDependencies {
    private static final String[] FIELDS = {"Build-Depends", "Build-Depends-Arch", "Build-Depends-Indep"};

    private BuildDependencies() {}

    public static Set<String> of(SourceUpload upload) throws IOException, InvalidSourceException {
        String name = upload.dsc().getFileName().toString();
        ControlFile dsc = ControlFile.parse(name, Files.readString(upload.dsc(), StandardCharsets.UTF_8));
        Set<String> names = new LinkedHashSet<>();
        for (String field : FIELDS) {
            dsc.get(field).ifPresent(value -> names.addAll(packageNames(value)));
        }
        return names;
    }

    /** {@code libfoo-dev (>= 2.0) [amd64] <!nocheck> | libbar:any} → libfoo-dev, libbar. */
    static Set<String> packageNames(String relations) {
        Set<String> names = new LinkedHashSet<>();
        for (String relation : relations.split("[,|]")) {
            String name = relation.strip().split("[\\s(\\[<:]", 2)[0];
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }
}
