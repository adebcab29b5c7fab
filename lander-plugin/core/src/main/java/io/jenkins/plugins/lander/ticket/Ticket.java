package io.jenkins.plugins.lander.ticket;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.jenkins.plugins.lander.rdeps.Hint;
import io.jenkins.plugins.lander.rdeps.TriggeredTable;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;

/**
 * A request to land one or more source package uploads, with the step it has reached.
 *
 * <p>Field names follow the seed's Ticket System JSON ({@code current_workflow_step}, {@code
 * bug_id}, …) so that the same object serialises for the CLI, the REST API and the journal.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class Ticket {
    private String id;
    private String title;
    private String description;
    private String owner;
    private String bugId;
    private String series;
    private List<String> binaryPackages = new ArrayList<>();
    private WorkflowStep currentWorkflowStep = WorkflowStep.QUEUED;
    private TicketStatus status = TicketStatus.QUEUED;
    /** The step that failed, when {@link #currentWorkflowStep} is {@link WorkflowStep#FAILED}. */
    private WorkflowStep failedStep;
    private String reason;
    private Overrides overrides = Overrides.NONE;
    private Origin origin = Origin.API;
    private List<SubTicket> subtickets = new ArrayList<>();
    private List<Artifact> artifacts = new ArrayList<>();
    /** Created by a machine (e.g. a sync), not by a person: no mail about it unless configured. */
    private boolean automatic;
    /** britney hints about triggered tests ({@code force-badtest SRC/VERSION[/ARCH]}, {@code force-skiptest SRC/VERSION}). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    private List<String> hints = new ArrayList<>();
    /** The regression table: the tests of other packages this ticket's uploads trigger, with their verdicts. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private TriggeredTable triggeredTests;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getTitle() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = description;
    }

    public String getOwner() {
        return owner;
    }

    public void setOwner(String owner) {
        this.owner = owner;
    }

    public String getBugId() {
        return bugId;
    }

    public void setBugId(String bugId) {
        this.bugId = bugId;
    }

    public String getSeries() {
        return series;
    }

    public void setSeries(String series) {
        this.series = series;
    }

    public List<String> getBinaryPackages() {
        return binaryPackages;
    }

    public void setBinaryPackages(List<String> binaryPackages) {
        this.binaryPackages = new ArrayList<>(binaryPackages);
    }

    public WorkflowStep getCurrentWorkflowStep() {
        return currentWorkflowStep;
    }

    public void setCurrentWorkflowStep(WorkflowStep currentWorkflowStep) {
        this.currentWorkflowStep = currentWorkflowStep;
    }

    public TicketStatus getStatus() {
        return status;
    }

    public void setStatus(TicketStatus status) {
        this.status = status;
    }

    public WorkflowStep getFailedStep() {
        return failedStep;
    }

    public void setFailedStep(WorkflowStep failedStep) {
        this.failedStep = failedStep;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public Overrides getOverrides() {
        return overrides;
    }

    public void setOverrides(Overrides overrides) {
        this.overrides = overrides == null ? Overrides.NONE : overrides;
    }

    public Origin getOrigin() {
        return origin;
    }

    public void setOrigin(Origin origin) {
        this.origin = origin == null ? Origin.API : origin;
    }

    public List<SubTicket> getSubtickets() {
        return subtickets;
    }

    public void setSubtickets(List<SubTicket> subtickets) {
        this.subtickets = new ArrayList<>(subtickets);
    }

    public List<Artifact> getArtifacts() {
        return artifacts;
    }

    public void setArtifacts(List<Artifact> artifacts) {
        this.artifacts = new ArrayList<>(artifacts);
    }

    public boolean isAutomatic() {
        return automatic;
    }

    public void setAutomatic(boolean automatic) {
        this.automatic = automatic;
    }

    public List<String> getHints() {
        return hints;
    }

    /** Sets the hints, each checked ({@link Hint#parse}): a bad one is refused, naming it. */
    public void setHints(List<String> hints) {
        List<String> checked = hints == null ? List.of() : List.copyOf(hints);
        Hint.parseAll(checked);
        this.hints = new ArrayList<>(checked);
    }

    public TriggeredTable getTriggeredTests() {
        return triggeredTests;
    }

    public void setTriggeredTests(TriggeredTable triggeredTests) {
        this.triggeredTests = triggeredTests;
    }

    /** The data store container that holds everything archived for this ticket. */
    public String container() {
        return containerOf(id);
    }

    /**
     * The container of ticket {@code id}, for code that holds only the id: {@code ticket.ID}, as
     * the seed's data store names it (its Swift URLs end in {@code /ticket.1/FILE}).
     */
    public static String containerOf(String id) {
        return "ticket." + id;
    }

    public boolean isFinished() {
        return currentWorkflowStep.isTerminal() || status == TicketStatus.CANCELLED;
    }
}
