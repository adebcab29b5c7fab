package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def build = buildSource ticket: '42', upload: '/srv/uploads/hello_2.10-3_source.changes'}:
 * builds one source upload into the ticket's PPA (sbuild locally). Returns
 * {@code [source:, version:, state:, succeeded:, reason:, binaries:, files:]}; a failed build fails
 * the step unless {@code failOnError: false}.
 */
public final class BuildSourceStep extends UploadStep {
    private String ignoreArchitectures;

    @DataBoundConstructor
    public BuildSourceStep(String ticket, String upload) {
        super(ticket, upload);
    }

    public String getIgnoreArchitectures() {
        return ignoreArchitectures;
    }

    /** Architectures whose build is not run, separated by spaces (the ignore-architecture hint). */
    @DataBoundSetter
    public void setIgnoreArchitectures(String ignoreArchitectures) {
        this.ignoreArchitectures = Util.fixEmptyAndTrim(ignoreArchitectures);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, this, effectiveSeries());
    }

    static final class Execution extends UploadStep.Execution<BuildResult> {
        private static final long serialVersionUID = 1L;
        private final String ignoreArchitectures;

        Execution(StepContext context, BuildSourceStep step, String series) {
            super(
                    context,
                    step,
                    series,
                    Landed.buildKey(series, step.getUpload()),
                    "Build " + Uploads.name(step.getUpload()) + " for " + series,
                    WorkflowStep.PACKAGE_BUILDING);
            this.ignoreArchitectures = Util.fixNull(step.ignoreArchitectures);
        }

        @Override
        protected BuildResult perform(LandingSteps backend, Journal journal, RunConsole console, boolean resuming)
                throws Exception {
            Set<String> ignored = new LinkedHashSet<>(Arrays.asList(ignoreArchitectures.split("\\s+")));
            ignored.remove("");
            return backend.buildSource(Landed.ppa(journal, ticketId), readUpload(), series, ignored, console, resuming);
        }

        @Override
        protected @NonNull Class<BuildResult> resultType() {
            return BuildResult.class;
        }

        @Override
        protected @NonNull List<ArchivedFile> files(BuildResult result) {
            return result.files();
        }

        @Override
        protected @NonNull Outcome finish(BuildResult build, @NonNull Finish finish) {
            String what = build.source() + " " + build.version() + ": " + build.state()
                    + (build.reason() == null ? "" : " (" + build.reason() + ")");
            finish.listener().getLogger().println(what);
            return new Outcome(build.state(), what, build.succeeded(), GroovyResults.build(build));
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "buildSource";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Build a Debian source upload into the ticket's PPA";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
