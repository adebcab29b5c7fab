package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import io.jenkins.plugins.lander.datastore.DataStore;
import io.jenkins.plugins.lander.landing.Engine;
import io.jenkins.plugins.lander.landing.PipelineSteps;
import io.jenkins.plugins.lander.landing.Verdict;
import io.jenkins.plugins.lander.plugin.LanderRunAction;
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
 * of every built upload on the test image, on this agent, and fails the run when they stop the
 * landing. Each upload's JUnit XML is put in the workspace as {@code autopkgtest/SOURCE_VERSION.xml}
 * for {@code junit}. Returns {@code [tests: [...], passed:, skipped:]} ({@code passed} is false when
 * the ticket's overrides let failures through); with {@code upload:}, that upload's test only.
 */
public final class RunAutopkgtestStep extends TicketStep {
    static final String JUNIT_DIR = "autopkgtest";
    private String upload;

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

    @Override
    protected StepExecution execution(StepContext context) {
        return new Execution(context, getTicket(), upload);
    }

    static final class Execution extends LandingStepExecution {
        private static final long serialVersionUID = 1L;
        private final String upload;

        Execution(StepContext context, String ticket, String upload) {
            super(context, ticket, upload == null ? "Run autopkgtest" : "Run autopkgtest of " + upload);
            this.upload = upload;
        }

        @Override
        protected Object perform(@NonNull PipelineSteps steps, @NonNull Engine engine, @NonNull Run<?, ?> run)
                throws Exception {
            requireHolder(run);
            Map<String, Object> tested = steps.runAutopkgtest(ticketId, upload);
            FilePath workspace = getContext().get(FilePath.class);
            List<?> tests = tested.get("tests") instanceof List<?> all ? all : List.of(tested);
            for (Object test : tests) {
                copyJunit(engine.store(), (Map<?, ?>) test, workspace);
                showVerdicts(LanderRunAction.of(run, ticketId), (Map<?, ?>) test);
            }
            return tested;
        }

        /** The verdict table of the run page. */
        private static void showVerdicts(LanderRunAction landing, Map<?, ?> test) {
            List<Verdict> verdicts = new ArrayList<>();
            for (Object row : (List<?>) test.get("verdicts")) {
                Map<?, ?> v = (Map<?, ?>) row;
                verdicts.add(new Verdict(String.valueOf(v.get("test")), String.valueOf(v.get("result")),
                        Boolean.TRUE.equals(v.get("superficial")), (String) v.get("detail")));
            }
            landing.addVerdicts(String.valueOf(test.get("source")), String.valueOf(test.get("version")), verdicts);
        }

        /** The engine archived the upload's JUnit XML in the data store; the junit step reads the workspace. */
        private void copyJunit(DataStore store, Map<?, ?> test, FilePath workspace)
                throws IOException, InterruptedException {
            for (Object name : (List<?>) test.get("files")) {
                String file = name.toString();
                if (file.equals("junit.xml") || file.endsWith("/junit.xml")) {
                    try (InputStream in = store.get(Ticket.containerOf(ticketId), file)) {
                        workspace.child(JUNIT_DIR).child(test.get("source") + "_" + test.get("version") + ".xml")
                                .copyFrom(in);
                    }
                }
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
            return "Run the ticket's autopkgtests on its test image, on this agent";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return LandingStepExecution.NODE_CONTEXT;
        }
    }
}
