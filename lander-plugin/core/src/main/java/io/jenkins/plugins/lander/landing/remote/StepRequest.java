package io.jenkins.plugins.lander.landing.remote;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.jenkins.plugins.lander.Json;
import io.jenkins.plugins.lander.landing.Actions;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.rdeps.Trigger;
import io.jenkins.plugins.lander.rdeps.TriggeredTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * One backend action for a builder ({@code lander step --request FILE}): everything the
 * {@code LandingSteps} method needs, the uploads as files staged beside the request.
 *
 * @param action the engine's action name ({@code build-source/KEY}, {@code build-image},
 *     {@code run-autopkgtest/KEY}, {@code find-triggered-tests}, {@code run-triggered-test/KEY},
 *     {@code publish}) or {@code testbed}, the question what the builder's testbed is
 * @param ticketId the ticket, where the controller knows it (null: the PPA service knows it by the PPA)
 * @param ppa the PPA's pool name
 * @param ppaService the PPA service's base URL, routable from the builder: the PPAs are served
 *     under it and the builder adds its build results to them through it
 * @param aptLine the PPA's {@code deb …} line as the controller resolves it (for logs and checks)
 * @param resuming true when a previous attempt of this very action crashed half-way; not part of
 *     the request's identity ({@link #sha256()})
 * @param uploads the descriptor ({@code .dsc} or {@code _source.changes}) names of the uploads
 *     the action is about, in order
 * @param files every file of those uploads, staged beside the request
 * @param ignoredArchitectures architectures whose build failures are ignored (build-source)
 * @param packages what the test image installs (build-image)
 * @param image the test image to run the tests on (run-autopkgtest, run-triggered-test)
 * @param mirrorIndex whether the series' own index (a mirror's) is searched too (find-triggered-tests):
 *     the controller's configuration, the builder's apt
 * @param triggeredTest the archive package whose tests run (run-triggered-test; testbed, when
 *     asked for the testbed of that test's baseline)
 * @param trigger the upload of the ticket whose packages the test runs with (run-triggered-test)
 * @param withTrigger with the trigger's packages, or the baseline without (run-triggered-test):
 *     part of the identity, so a re-sent baseline never finds the run with the trigger
 */
public record StepRequest(
        String action,
        String ticketId,
        String series,
        String ppa,
        String ppaService,
        String aptLine,
        boolean resuming,
        List<String> uploads,
        List<StagedFile> files,
        List<String> ignoredArchitectures,
        List<String> packages,
        TestImage image,
        boolean mirrorIndex,
        TriggeredTest triggeredTest,
        Trigger trigger,
        boolean withTrigger) {

    public static final String BUILD_SOURCE = "build-source/";
    public static final String BUILD_IMAGE = "build-image";
    public static final String RUN_AUTOPKGTEST = "run-autopkgtest/";
    public static final String PUBLISH = "publish";
    public static final String FIND_TRIGGERED_TESTS = Actions.FIND_TRIGGERED_TESTS;
    /** The journal's name of the action ({@code Actions.runTriggeredTest}) is the request's. */
    public static final String RUN_TRIGGERED_TEST = Actions.RUN_TRIGGERED_TEST;
    /** Not an action: asks the builder for its testbed (architectures, key); nothing is changed, so never reused. */
    public static final String TESTBED = "testbed";

    public StepRequest {
        uploads = uploads == null ? List.of() : List.copyOf(uploads);
        files = files == null ? List.of() : List.copyOf(files);
        ignoredArchitectures = ignoredArchitectures == null ? List.of() : List.copyOf(ignoredArchitectures);
        packages = packages == null ? List.of() : List.copyOf(packages);
    }

    /** A request of the build, image, autopkgtest and publish actions, which carry nothing of triggered tests. */
    public StepRequest(String action, String ticketId, String series, String ppa, String ppaService, String aptLine,
            boolean resuming, List<String> uploads, List<StagedFile> files, List<String> ignoredArchitectures,
            List<String> packages, TestImage image) {
        this(action, ticketId, series, ppa, ppaService, aptLine, resuming, uploads, files, ignoredArchitectures, packages,
                image, false, null, null, false);
    }

    /**
     * A question whose answer may change between two askings (which indexes, which testbed), not
     * an action: the builder answers it afresh each time instead of reusing an earlier result.
     */
    @JsonIgnore
    public boolean isQuestion() {
        return action.equals(FIND_TRIGGERED_TESTS) || action.equals(TESTBED);
    }

    public String toJson() {
        try {
            return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a step request is always writable", e);
        }
    }

    /**
     * The request's identity, which the builder's result names ({@code StepResult.requestSha256})
     * and its step directory is named by: the SHA-256 of the request as JSON with {@code resuming}
     * left out. The engine sends an action again with {@code resuming = true} after a crash or a
     * controller restart; that is the same request, so it must find the result (or the running
     * process) of the first attempt, while a request that differs in anything else does not.
     */
    public String sha256() {
        String canonical = new StepRequest(action, ticketId, series, ppa, ppaService, aptLine, false, uploads, files,
                ignoredArchitectures, packages, image, mirrorIndex, triggeredTest, trigger, withTrigger).toJson();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** Reads a request; malformed JSON is a bad request. */
    public static StepRequest parse(String json) throws BadStepRequestException {
        try {
            StepRequest request = Json.MAPPER.readValue(json, StepRequest.class);
            if (request == null) {
                throw new BadStepRequestException("the step request is empty");
            }
            return request;
        } catch (JsonProcessingException e) {
            throw new BadStepRequestException("the step request is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
