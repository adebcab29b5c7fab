package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code def image = buildImage ticket: '42', packages: 'hello'}: the series' base image with the
 * ticket's PPA as an apt source and the packages installed. Returns
 * {@code [reference:, series:, reused:, files:]}; {@code runAutopkgtest} then tests on it.
 */
public final class BuildImageStep extends TicketStep {
    private String packages;

    @DataBoundConstructor
    public BuildImageStep(String ticket) {
        super(ticket);
    }

    public String getPackages() {
        return packages;
    }

    /** Binary packages to install in the image, separated by spaces. */
    @DataBoundSetter
    public void setPackages(String packages) {
        this.packages = Util.fixEmptyAndTrim(packages);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, getTicket(), effectiveSeries(), Util.fixNull(packages));
    }

    static final class Execution extends LandingStepExecution<TestImage> {
        private static final long serialVersionUID = 1L;
        private final String series;
        private final String packages;

        Execution(StepContext context, String ticket, String series, String packages) {
            super(
                    context,
                    ticket,
                    Landed.imageKey(series),
                    "Build the " + series + " test image",
                    WorkflowStep.IMAGE_BUILDING);
            this.series = series;
            this.packages = packages;
        }

        @Override
        protected TestImage perform(LandingSteps backend, Journal journal, RunConsole console, boolean resuming)
                throws Exception {
            List<String> names = Arrays.stream(packages.split("\\s+"))
                    .filter(p -> !p.isEmpty())
                    .toList();
            return backend.buildImage(Landed.ppa(journal, ticketId), series, names, console, resuming);
        }

        @Override
        protected @NonNull Class<TestImage> resultType() {
            return TestImage.class;
        }

        @Override
        protected @NonNull List<ArchivedFile> files(TestImage image) {
            return image.files();
        }

        @Override
        protected @NonNull Outcome finish(TestImage image, @NonNull Finish finish) {
            String what = image.reference() + (image.reused() ? " (reused)" : "");
            finish.listener().getLogger().println("Test image: " + what);
            return Outcome.ok(what, GroovyResults.image(image));
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "buildImage";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Build a test image with the ticket's PPA";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
