package io.jenkins.plugins.lander.pipeline;

import hudson.FilePath;
import hudson.Util;
import io.jenkins.plugins.lander.source.SourceUpload;
import io.jenkins.plugins.lander.ticket.WorkflowStep;
import java.io.IOException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A step that works on one source upload and whose result may be a failure: {@code buildSource}
 * and {@code runAutopkgtest}. The upload is mandatory; {@code failOnError} (default true) says
 * whether a failed result fails the step.
 */
public abstract class UploadStep extends TicketStep {
    private final String upload;
    private boolean failOnError = true;

    protected UploadStep(String ticket, String upload) {
        super(ticket);
        this.upload = Util.fixEmptyAndTrim(upload);
        if (this.upload == null) {
            throw new IllegalArgumentException("upload must name a .dsc or _source.changes file");
        }
    }

    public String getUpload() {
        return upload;
    }

    public boolean isFailOnError() {
        return failOnError;
    }

    @DataBoundSetter
    public void setFailOnError(boolean failOnError) {
        this.failOnError = failOnError;
    }

    /** The execution of an {@link UploadStep}: the upload, the series and failOnError are its state. */
    abstract static class Execution<R> extends LandingStepExecution<R> {
        private static final long serialVersionUID = 1L;
        protected final String upload;
        protected final String series;
        private final boolean failOnError;

        Execution(
                StepContext context,
                UploadStep step,
                String series,
                String actionKey,
                String title,
                WorkflowStep workflowStep) {
            super(context, step.getTicket(), actionKey, title, workflowStep);
            this.upload = step.upload;
            this.series = series;
            this.failOnError = step.failOnError;
        }

        @Override
        protected boolean failOnError() {
            return failOnError;
        }

        protected SourceUpload readUpload() throws IOException, InterruptedException {
            return Uploads.read(upload, getContext().get(FilePath.class));
        }
    }
}
