package io.jenkins.plugins.lander.steps.image;

import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import java.util.List;

/** The Image Builder: a testbed image of the series with the PPA and the requested packages. */
public interface ImageBuilder {
    TestImage build(Ppa ppa, String series, List<String> packages, StepConsole console, boolean resuming)
            throws Exception;
}
