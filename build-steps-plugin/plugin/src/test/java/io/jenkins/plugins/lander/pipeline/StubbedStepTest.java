package io.jenkins.plugins.lander.pipeline;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the step tests share: the stub backend, reset before each test, and a folder for source
 * uploads. Each test class still declares its own {@code @TestExtension} backend, because
 * JenkinsRule activates only test extensions nested in the running test class.
 */
abstract class StubbedStepTest {
    final StubLandingSteps stub = StubLandingSteps.INSTANCE;

    @TempDir
    Path uploads;

    @BeforeEach
    void resetStub() {
        stub.reset();
    }
}
