package io.jenkins.plugins.lander.pipeline;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.LandingSteps;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code publish ticket: '42'}: copies every upload that {@code buildSource} built successfully
 * in this run for the series, sources and binaries, from the ticket's PPA to the series' archive.
 * Returns {@code [packages:, files:]}. Publishing is journaled: a resumed run never publishes
 * twice.
 */
public final class PublishStep extends TicketStep {

    @DataBoundConstructor
    public PublishStep(String ticket) {
        super(ticket);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new Execution(context, getTicket(), effectiveSeries());
    }

    static final class Execution extends LandingStepExecution<PublishResult> {
        private static final long serialVersionUID = 1L;
        private final String series;

        Execution(StepContext context, String ticket, String series) {
            super(
                    context,
                    ticket,
                    "publish/" + series,
                    "Publish to the " + series + " archive",
                    WorkflowStep.PACKAGE_PUBLISHING);
            this.series = series;
        }

        @Override
        protected PublishResult perform(LandingSteps backend, Journal journal, RunConsole console, boolean resuming)
                throws Exception {
            List<String> built = Landed.builtUploads(journal, series);
            if (built.isEmpty()) {
                throw new AbortException("nothing to publish: no upload was built for " + series + " for ticket "
                        + ticketId + " in this run");
            }
            FilePath workspace = getContext().get(FilePath.class);
            List<SourceUpload> uploads = new ArrayList<>();
            for (String upload : built) {
                uploads.add(Uploads.read(upload, workspace));
            }
            return backend.publish(Landed.ppa(journal, ticketId), series, uploads, console, resuming);
        }

        @Override
        protected @NonNull Class<PublishResult> resultType() {
            return PublishResult.class;
        }

        @Override
        protected @NonNull List<ArchivedFile> files(PublishResult result) {
            return result.files();
        }

        @Override
        protected @NonNull Outcome finish(PublishResult published, @NonNull Finish finish) {
            published.packages().forEach(p -> finish.listener().getLogger().println("Published " + p));
            return Outcome.ok(published.packages().size() + " package(s)", GroovyResults.publish(published));
        }
    }

    @Extension
    public static final class DescriptorImpl extends StepDescriptor {
        @Override
        public String getFunctionName() {
            return "publish";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Publish the ticket's built packages to the archive";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
