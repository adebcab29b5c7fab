package io.jenkins.plugins.lander.ticket;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.jenkins.plugins.lander.landing.Verdict;
import java.util.ArrayList;
import java.util.List;

/** One source package upload of a ticket and how far it got. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class SubTicket {
    private int id;
    private String sourcePackage;
    private String version;
    /** File name of the upload's descriptor: a {@code .dsc} or {@code _source.changes}. */
    private String upload;
    /** How the upload's OpenPGP signature was checked at intake: {@code signed by FPR (uid)}, or {@code not verified …}. */
    private String signature;
    private WorkflowStep currentWorkflowStep = WorkflowStep.QUEUED;
    private TicketStatus status = TicketStatus.QUEUED;
    private List<Artifact> artifacts = new ArrayList<>();
    /** The verdicts of the upload's tests, once they ran: one per test, or one NEUTRAL "no tests". */
    private List<Verdict> tests = new ArrayList<>();

    public SubTicket() {}

    public SubTicket(int id, String sourcePackage, String version, String upload) {
        this.id = id;
        this.sourcePackage = sourcePackage;
        this.version = version;
        this.upload = upload;
    }

    public int getId() {
        return id;
    }

    public void setId(int id) {
        this.id = id;
    }

    public String getSourcePackage() {
        return sourcePackage;
    }

    public void setSourcePackage(String sourcePackage) {
        this.sourcePackage = sourcePackage;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getUpload() {
        return upload;
    }

    public void setUpload(String upload) {
        this.upload = upload;
    }

    public String getSignature() {
        return signature;
    }

    public void setSignature(String signature) {
        this.signature = signature;
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

    public List<Artifact> getArtifacts() {
        return artifacts;
    }

    public void setArtifacts(List<Artifact> artifacts) {
        this.artifacts = new ArrayList<>(artifacts);
    }

    public List<Verdict> getTests() {
        return tests;
    }

    public void setTests(List<Verdict> tests) {
        this.tests = tests == null ? new ArrayList<>() : new ArrayList<>(tests);
    }

    /** {@code source_version}, the key the Lander's journal and the data store use for this upload. */
    public String key() {
        return sourcePackage + "_" + version;
    }
}
