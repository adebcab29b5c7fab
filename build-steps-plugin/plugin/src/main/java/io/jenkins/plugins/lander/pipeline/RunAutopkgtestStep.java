package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import io.jenkins.plugins.lander.ticket.Ticket;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def t = runAutopkgtest ticket: '42', upload: '/srv/uploads/hello_2.10-3_source.changes'}:
 * runs the upload's DEP-8 tests on the test image {@code buildImage} made in this run, writes
 * JUnit XML into the workspace for {@code junit}, and returns
 * {@code [source:, version:, exitCode:, outcome:, passed:, verdicts: [[test:, result:, superficial:, detail:]], junit:, files:]}.
 * Failed tests fail the step unless {@code failOnError: false}.
 */
public final class RunAutopkgtestStep extends UploadStep {
    private static final String JUNIT = "junit.xml";
    private String junitFile;

    @DataBoundConstructor
    public RunAutopkgtestStep(String ticket, String upload) {
        super(ticket, upload);
    }

    public String getJunitFile() {
        return junitFile;
    }

    /** Workspace-relative path of the JUnit XML; default {@code autopkgtest/UPLOAD.xml}. */
    @DataBoundSetter
    public void setJunitFile(String junitFile) {
        this.junitFile = Util.fixEmptyAndTrim(junitFile);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        String junit = junitFile != null ? junitFile : "autopkgtest/" + Uploads.name(getUpload()) + ".xml";
        return new Execution(context, this, effectiveSeries(), junit);
    }

    static final class Execution extends UploadStep.Execution<TestResult> {
        private static final long serialVersionUID = 1L;
        private final String junitFile;

        Execution(StepContext context, RunAutopkgtestStep step, String series, String junitFile) {
            super(
                    context,
                    step,
                    series,
                    "autopkgtest/" + series + "/" + step.getUpload(),
                    "Run autopkgtest of " + Uploads.name(step.getUpload()) + " on " + series,
                    WorkflowStep.IMAGE_TESTING);
            this.junitFile = junitFile;
        }

        @Override
        protected TestResult perform(LandingSteps backend, Journal journal, RunConsole console, boolean resuming)
                throws Exception {
            return backend.runAutopkgtest(
                    Landed.image(journal, ticketId, series),
                    Landed.ppa(journal, ticketId),
                    readUpload(),
                    console,
                    resuming);
        }

        @Override
        protected @NonNull Class<TestResult> resultType() {
            return TestResult.class;
        }

        @Override
        protected @NonNull List<ArchivedFile> files(TestResult result) {
            return result.files();
        }

        @Override
        protected @NonNull Outcome finish(TestResult test, @NonNull Finish finish) throws Exception {
            copyJunit(test, finish.context().get(FilePath.class), ticketId, junitFile);
            finish.landing().addVerdicts(test.source(), test.version(), test.verdicts());
            test.verdicts()
                    .forEach(v -> finish.listener()
                            .getLogger()
                            .println(v.test() + " " + v.result() + (v.superficial() ? " (superficial)" : "")
                                    + (v.detail() == null ? "" : " " + v.detail())));
            String what = test.source() + " " + test.version() + ": " + test.outcome() + " (exit code "
                    + test.exitCode() + "), JUnit XML in " + junitFile;
            finish.listener().getLogger().println(what);
            return new Outcome(test.outcome().name(), what, test.passed(), GroovyResults.test(test, junitFile));
        }
    }

    /** The backend's JUnit XML, from the data store where the step just archived it, into the workspace. */
    private static void copyJunit(TestResult test, FilePath workspace, String ticketId, String junitFile)
            throws IOException, InterruptedException {
        ArchivedFile junit = test.files().stream()
                .filter(f -> f.name().equals(JUNIT) || f.name().endsWith("/" + JUNIT))
                .findFirst()
                .orElseThrow(() -> new AbortException(
                        "the backend wrote no JUnit XML for " + test.source() + " " + test.version()));
        try (InputStream in = LanderConfiguration.get().dataStore().get(Ticket.containerOf(ticketId), junit.name())) {
            workspace.child(junitFile).copyFrom(in);
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
            return "Run a source upload's autopkgtests on the test image";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, FilePath.class);
        }
    }
}
