package io.jenkins.plugins.lander.steps.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnmetDependenciesTest {
    @TempDir
    Path dir;

    /** apt's report as sbuild 0.85 (bookworm) logs it when the install-deps stage fails. */
    @Test
    void namesEachMissingPackageWithItsVersion() throws Exception {
        Path log = Files.writeString(dir.resolve("x.build"), """
                Installing build dependencies
                Reading package lists...
                Some packages could not be installed. This may mean that you have
                requested an impossible situation or if you are using the unstable
                distribution that some required packages have not yet been created
                or been moved out of Incoming.
                The following information may help to resolve the situation:

                The following packages have unmet dependencies:
                 sbuild-build-depends-main-dummy : Depends: libmodule-runtime-perl (>= 0.016-2+lander1) but 0.016-2 is to be installed
                                                   Depends: libnosuch-perl but it is not installable
                E: Unable to correct problems, you have held broken packages.
                apt-get failed.
                """);

        assertThat(UnmetDependencies.of(log))
                .containsExactly("libmodule-runtime-perl (>= 0.016-2+lander1)", "libnosuch-perl");
    }
}
