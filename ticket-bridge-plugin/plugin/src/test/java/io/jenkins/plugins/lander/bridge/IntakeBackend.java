package io.jenkins.plugins.lander.bridge;

import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.StepConsole;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.landing.remote.AgentLauncher;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.plugin.LandingBackendProvider;
import io.jenkins.plugins.lander.source.SourceUpload;
import java.util.List;
import java.util.Set;

/**
 * The controller engine's backend in the bridge tests: it lands on bookworm and takes tickets in
 * (the intake is the engine's own); the bridge tests' scripts run no landing step, so every
 * action is refused. Each test class registers a subclass as its @TestExtension, because
 * JenkinsRule activates only test extensions nested in the running test class.
 */
abstract class IntakeBackend extends LandingBackendProvider implements LandingSteps {
    @Override
    public Built create(LanderConfiguration config, AgentLauncher agents) {
        return new Built(this, () -> {});
    }

    @Override
    public Set<String> knownSeries() {
        return Set.of("bookworm");
    }

    @Override
    public void reconcile(Set<String> liveTickets, StepConsole console) {}

    @Override
    public String aptLine(Ppa ppa, String series) {
        return "deb [trusted=yes] http://127.0.0.1:1/" + ppa.name() + " " + series + " main";
    }

    private static UnsupportedOperationException noLanding() {
        return new UnsupportedOperationException("the bridge tests take tickets in and land none");
    }

    @Override
    public Ppa allocatePpa(String ticketId, StepConsole console) {
        throw noLanding();
    }

    @Override
    public BuildResult buildSource(
            Ppa ppa, SourceUpload upload, String series, Set<String> ignored, StepConsole console, boolean resuming) {
        throw noLanding();
    }

    @Override
    public TestImage buildImage(Ppa ppa, String series, List<String> packages, StepConsole console, boolean resuming) {
        throw noLanding();
    }

    @Override
    public TestResult runAutopkgtest(
            TestImage image, Ppa ppa, SourceUpload upload, StepConsole console, boolean resuming) {
        throw noLanding();
    }

    @Override
    public PublishResult publish(
            Ppa ppa, String series, List<SourceUpload> uploads, StepConsole console, boolean resuming) {
        throw noLanding();
    }

    @Override
    public void releasePpa(Ppa ppa, StepConsole console) {
        throw noLanding();
    }
}
