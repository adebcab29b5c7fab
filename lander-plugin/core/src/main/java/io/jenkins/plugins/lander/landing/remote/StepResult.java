package io.jenkins.plugins.lander.landing.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.rdeps.ArchiveIndex;
import java.util.List;

/**
 * What a builder's step made of a {@link StepRequest}: the {@code LandingSteps} method's result
 * record (one of {@code build}, {@code image}, {@code test}, {@code publish}) or the error that
 * stopped it, and the files the record names.
 *
 * @param requestSha256 the SHA-256 of the request file, so a result is never taken for another request
 * @param error the message of the error that stopped the action, or null
 */
public record StepResult(
        String action,
        String requestSha256,
        BuildResult build,
        TestImage image,
        TestResult test,
        PublishResult publish,
        List<ArchiveIndex> indexes,
        BuilderTestbed testbed,
        String error,
        List<ResultFile> files) {

    public StepResult {
        files = files == null ? List.of() : List.copyOf(files);
    }

    public static StepResult failed(String action, String requestSha256, String error) {
        return new StepResult(action, requestSha256, null, null, null, null, null, null, error, List.of());
    }

    public String toJson() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a step result is always writable", e);
        }
    }

    public static StepResult parse(String json) throws java.io.IOException {
        StepResult result = Json.MAPPER.readValue(json, StepResult.class);
        if (result == null) {
            throw new java.io.IOException("the step result is empty");
        }
        return result;
    }
}
