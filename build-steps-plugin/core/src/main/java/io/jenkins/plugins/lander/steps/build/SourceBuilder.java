package io.jenkins.plugins.lander.steps.build;

import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.source.SourceUpload;
import java.util.Set;

/**
 * The Branch/Source Builder: puts one source upload into the PPA and builds its binaries there,
 * reporting the seed's build_source states WAITING → STATUS → COMPLETED | FAILED.
 */
public interface SourceBuilder {
    BuildResult build(Ppa ppa, SourceUpload upload, String series, Set<String> ignoredArchitectures,
            StepConsole console, boolean resuming) throws Exception;
}
