package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.PipelineSteps;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
import io.jenkins.plugins.lander.rdeps.Hint;
import io.jenkins.plugins.lander.rdeps.TriggeredJunit;
import io.jenkins.plugins.lander.rdeps.TriggeredResult;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.SubTicket;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def tested = runAutopkgtest ticket: '42'} inside {@code node(label)}: runs the DEP-8 tests
 * of every built upload on the test image, on this agent, then the ticket's triggered tests (other
 * packages' tests that depend on what it builds), and fails the run when they stop the landing.
 * Passed or failed, each upload's JUnit XML is put in the workspace as
 * {@code autopkgtest/SOURCE_VERSION.xml} and each triggered package's as
 * {@code autopkgtest/triggered/SOURCE.xml}, for {@code junit}. Returns
 * {@code [tests: [...], triggered: [...], passed:, skipped:]} ({@code passed} is false when the
 * ticket's overrides let failures through); with {@code upload:}, that upload's test only.
 * {@code hints:} britney's hints ({@code ['force-badtest bb/1.0']}), added to the ticket's before
 * any test runs; a bad one fails the step before it starts.
 */
public final class RunAutopkgtestStep extends TicketStep {
    static final String JUNIT_DIR = "autopkgtest";
    private String upload;
    private List<String> hints = List.of();

    @DataBoundConstructor
    public RunAutopkgtestStep(String ticket) {
        super(ticket);
    }

    public String getUpload() {
        return upload;
    }

    @DataBoundSetter
    public void setUpload(String upload) {
        this.upload = Util.fixEmptyAndTrim(upload);
    }

    public List<String> getHints() {
        return hints;
    }

    /** Each hint checked as every face checks it ({@link Hint#parse}): a bad one is refused here, naming it. */
    @DataBoundSetter
    public void setHints(List<String> hints) {
        List<String> given = hints == null ? List.of() : List.copyOf(hints);
        try {
            Hint.parseAll(given);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hints: " + e.getMessage(), e);
        }
        this.hints = given;
    }

    @Override
    protected StepExecution execution(StepContext context) {
        return new Execution(context, getTicket(), upload, hints);
    }

    static final class Execution extends LandingStepExecution {
        private static final long serialVersionUID = 1L;
        private final String upload;
        private final ArrayList<String> hints;

        Execution(StepContext context, String ticket, String upload, List<String> hints) {
            super(context, ticket, upload == null ? "Run autopkgtest" : "Run autopkgtest of " + upload);
            this.upload = upload;
            this.hints = new ArrayList<>(hints);
        }

        @Override
        protected Object perform(@NonNull PipelineSteps steps, @NonNull Engine engine, @NonNull Run<?, ?> run)
                throws Exception {
            requireHolder(run);
            FilePath workspace = getContext().get(FilePath.class);
            Map<String, Object> tested;
            try {
                tested = steps.runAutopkgtest(ticketId, upload, hints);
            } catch (Exception e) {
                // failed tests and regressions fail the step: their results are what the junit step must show
                results(engine, LanderRunAction.of(run, ticketId), workspace, e);
                throw e;
            }
            results(engine, LanderRunAction.of(run, ticketId), workspace, null);
            return tested;
        }

        /**
         * The ticket's results as the engine recorded them, however the step ended: the verdict
         * table of the run page and the JUnit files in the workspace (the regression table is
         * kept up to date by {@link StepListener} as each triggered test ends).
         */
        private void results(Engine engine, LanderRunAction landing, FilePath workspace, Exception failed)
                throws IOException, InterruptedException {
            Ticket ticket = engine.tickets().find(ticketId).orElse(null);
            if (ticket == null) {
                return;
            }
            try {
                FilePath junit = workspace.child(JUNIT_DIR);
                for (SubTicket sub : ticket.getSubtickets()) {
                    if (!sub.getTests().isEmpty()) {
                        landing.addVerdicts(sub.getSourcePackage(), sub.getVersion(), sub.getTests());
                    }
                    for (Artifact a : sub.getArtifacts()) {
                        if (a.name().equals("junit.xml") || a.name().endsWith("/junit.xml")) {
                            copy(engine.store(), a.name(), junit.child(sub.key() + ".xml"));
                        }
                    }
                }
                if (ticket.getTriggeredTests() != null) {
                    for (String source : ticket.getTriggeredTests().results().stream()
                            .map(TriggeredResult::source)
                            .distinct()
                            .toList()) {
                        String name = TriggeredJunit.archiveName(source);
                        if (ticket.getArtifacts().stream()
                                .anyMatch(a -> a.name().equals(name))) {
                            copy(engine.store(), name, junit.child("triggered").child(source + ".xml"));
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                if (failed == null) {
                    throw e;
                }
                failed.addSuppressed(e); // the step's own failure is the one the run reports
            }
        }

        private void copy(DataStore store, String name, FilePath target) throws IOException, InterruptedException {
            try (InputStream in = store.get(Ticket.containerOf(ticketId), name)) {
                target.copyFrom(in);
            }
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "runAutopkgtest";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Run the ticket's autopkgtests and its triggered tests on its test image, on this agent";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return LandingStepExecution.NODE_CONTEXT;
        }
    }
}
