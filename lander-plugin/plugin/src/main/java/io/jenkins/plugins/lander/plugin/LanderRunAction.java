package io.jenkins.plugins.lander.plugin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.DirectoryBrowserSupport;
import hudson.model.Item;
import hudson.model.Run;
import io.jenkins.plugins.lander.datastore.DataStores;
import io.jenkins.plugins.lander.landing.Actions;
import io.jenkins.plugins.lander.landing.Verdict;
import io.jenkins.plugins.lander.rdeps.TriggeredJunit;
import io.jenkins.plugins.lander.rdeps.TriggeredResult;
import io.jenkins.plugins.lander.rdeps.TriggeredTable;
import io.jenkins.plugins.lander.ticket.Artifact;
import io.jenkins.plugins.lander.ticket.Ticket;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.RunAction2;
import jenkins.security.ResourceDomainConfiguration;
import jenkins.util.SystemProperties;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;
import org.kohsuke.stapler.verb.GET;

/**
 * The landing of one ticket as the run page shows it ({@code summary.jelly}) and its own page
 * ({@code index.jelly}): the step in progress with {@code current/total}, every step's outcome,
 * the autopkgtest verdicts, the regression table of the triggered tests (britney's autopkgtest
 * policy: other packages' tests run with the ticket's packages) and the files archived to the
 * data store. Also in {@code /api/json}.
 */
@ExportedBean
public final class LanderRunAction implements RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(LanderRunAction.class.getName());

    private final String ticketId;
    private String currentStep;
    private int current;
    private int total;
    private String progressMessage;
    private final List<StepRow> steps = new ArrayList<>();
    private final List<VerdictRow> verdicts = new ArrayList<>();
    private final List<ArchivedLink> archived = new ArrayList<>();
    /** Null until the ticket's triggered tests were looked for (and in runs saved before they existed). */
    private List<TriggeredRow> triggered;

    private int triggeredDone;
    private int triggeredTotal;
    private transient TriggeredTable shownTable;
    private transient Run<?, ?> run;

    private LanderRunAction(String ticketId) {
        this.ticketId = ticketId;
    }

    /** The run's action for this ticket, attached on first use. */
    public static @NonNull LanderRunAction of(@NonNull Run<?, ?> run, @NonNull String ticketId) {
        synchronized (run) {
            for (LanderRunAction action : run.getActions(LanderRunAction.class)) {
                if (action.ticketId.equals(ticketId)) {
                    return action;
                }
            }
            LanderRunAction action = new LanderRunAction(ticketId);
            run.addAction(action);
            return action;
        }
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return "Landing of ticket " + ticketId;
    }

    @Override
    public String getUrlName() {
        return "lander-" + ticketId;
    }

    @Exported
    public String getTicketId() {
        return ticketId;
    }

    /** The data store container of the ticket. */
    @Exported
    public String getContainer() {
        return Ticket.containerOf(ticketId);
    }

    @Exported
    public synchronized String getCurrentStep() {
        return currentStep;
    }

    @Exported
    public synchronized int getCurrent() {
        return current;
    }

    @Exported
    public synchronized int getTotal() {
        return total;
    }

    @Exported
    public synchronized String getProgressMessage() {
        return progressMessage;
    }

    @Exported
    public synchronized List<StepRow> getSteps() {
        return List.copyOf(steps);
    }

    @Exported
    public synchronized List<VerdictRow> getVerdicts() {
        return List.copyOf(verdicts);
    }

    @Exported
    public synchronized List<ArchivedLink> getArchived() {
        return List.copyOf(archived);
    }

    /** The regression table, one row per triggered test; null before the triggered tests were looked for. */
    @Exported
    public synchronized @CheckForNull List<TriggeredRow> getTriggered() {
        return triggered == null ? null : List.copyOf(triggered);
    }

    @Exported
    public synchronized int getTriggeredDone() {
        return triggeredDone;
    }

    @Exported
    public synchronized int getTriggeredTotal() {
        return triggeredTotal;
    }

    /** Whether {@code archive/NAME} serves this file: the page links only what it can serve. */
    public synchronized boolean isListed(@CheckForNull String name) {
        return archived.stream().anyMatch(l -> l.name.equals(name));
    }

    /** The ticket's regression table as it stands (RUNNING rows while the tests run); saved only when it changed. */
    public void setTriggered(@NonNull TriggeredTable table) {
        synchronized (this) {
            if (table.equals(shownTable)) {
                return;
            }
            shownTable = table;
            triggeredDone = table.done();
            triggeredTotal = table.total();
            triggered = new ArrayList<>();
            for (TriggeredResult r : table.results()) {
                triggered.add(new TriggeredRow(r));
            }
        }
        persist();
    }

    /** A step begins (or resumes after a restart): it becomes the step in progress. */
    public void stepStarted(@NonNull String key, @NonNull String title) {
        synchronized (this) {
            StepRow row = row(key);
            if (row == null) {
                steps.add(new StepRow(key, title, StepRow.RUNNING, null));
            } else {
                row.outcome = StepRow.RUNNING;
            }
            currentStep = title;
            current = 0;
            total = 0;
            progressMessage = null;
        }
        persist();
    }

    /** {@code current/total} of the step in progress; not saved, so it costs no disk write. */
    public synchronized void progress(int current, int total, @CheckForNull String message) {
        this.current = current;
        this.total = total;
        this.progressMessage = message;
    }

    public void stepFinished(@NonNull String key, @NonNull String outcome, @CheckForNull String detail) {
        synchronized (this) {
            StepRow row = row(key);
            if (row != null) {
                row.outcome = outcome;
                row.detail = detail;
            }
            if (steps.stream().noneMatch(s -> StepRow.RUNNING.equals(s.outcome))) {
                currentStep = null;
                current = 0;
                total = 0;
                progressMessage = null;
            }
        }
        persist();
    }

    public void addVerdicts(@NonNull String source, @NonNull String version, @NonNull List<Verdict> results) {
        synchronized (this) {
            verdicts.removeIf(v -> v.source.equals(source) && v.version.equals(version));
            for (Verdict v : results) {
                verdicts.add(
                        new VerdictRow(source, version, v.test(), v.result(), v.superficial(), v.flaky(), v.detail()));
            }
        }
        persist();
    }

    /**
     * Lists the ticket's archived files; returns those that were not listed as they are now. A
     * public file of a store that serves it over HTTP (Swift) is linked where it is; any other is
     * served by {@link #doArchive}, with the protection core gives archived files.
     */
    public @NonNull List<Artifact> addArchived(@NonNull List<Artifact> artifacts) {
        List<Artifact> added = new ArrayList<>();
        synchronized (this) {
            for (Artifact a : artifacts) {
                if (archived.stream().anyMatch(l -> l.name.equals(a.name()) && l.reference.equals(a.reference()))) {
                    continue;
                }
                archived.removeIf(l -> l.name.equals(a.name()));
                archived.add(new ArchivedLink(a.name(), a.type().name(), a.reference(), publicUrl(a)));
                added.add(a);
            }
        }
        if (!added.isEmpty()) {
            persist();
        }
        return added;
    }

    /** The file's own URL if the store serves it to anyone (the core decides: {@link DataStores#publicUrl}), else null. */
    private @CheckForNull String publicUrl(Artifact a) {
        try {
            return DataStores.publicUrl(LanderConfiguration.get().dataStore(), getContainer(), a.name(), a.reference())
                    .map(URI::toString)
                    .orElse(null);
        } catch (IOException | RuntimeException e) {
            LOGGER.log(Level.FINE, "No data store to link " + a.name() + " to; it is served through this page", e);
            return null;
        }
    }

    private StepRow row(String key) {
        return steps.stream().filter(s -> s.key.equals(key)).findFirst().orElse(null);
    }

    private void persist() {
        if (run == null) {
            return;
        }
        try {
            run.save();
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Could not save the landing state of " + run, e);
        }
    }

    /**
     * Serves {@code archive/NAME}: an archived file of this ticket, straight from the data store.
     * Only names this page lists, so the URL space cannot reach other containers.
     */
    @GET
    public void doArchive(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException, ServletException {
        run.checkPermission(Item.READ);
        String name = req.getRestOfPath().replaceFirst("^/", "");
        ArchivedLink link;
        synchronized (this) {
            link = archived.stream()
                    .filter(l -> l.name.equals(name))
                    .findFirst()
                    .orElse(null);
        }
        if (link == null) {
            rsp.sendError(404, "No archived file " + name + " for ticket " + ticketId);
            return;
        }
        try (InputStream in = LanderConfiguration.get().dataStore().get(getContainer(), name)) {
            protect(req, rsp);
            rsp.serveFile(req, in, 0L, -1L, name.substring(name.lastIndexOf('/') + 1));
        } catch (NoSuchFileException e) {
            rsp.sendError(404, name + " is no longer in the data store");
        }
    }

    /**
     * The protection core gives archived files ({@code DirectoryBrowserSupport}): served from the
     * Jenkins origin, a file (an autopkgtest {@code report.html}, a log with markup) runs in a
     * sandbox without scripts ({@code hudson.model.DirectoryBrowserSupport.CSP}, the same system
     * property administrators already set), and the browser never guesses it to be HTML. Requests
     * on the resource domain are already isolated by their origin.
     */
    static void protect(StaplerRequest2 req, StaplerResponse2 rsp) {
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        if (!ResourceDomainConfiguration.isResourceRequest(req)) {
            String csp = SystemProperties.getString(
                    DirectoryBrowserSupport.CSP_PROPERTY_NAME, DirectoryBrowserSupport.DEFAULT_CSP_VALUE);
            if (!csp.isBlank()) {
                rsp.setHeader("Content-Security-Policy", csp);
                rsp.setHeader("X-WebKit-CSP", csp);
                rsp.setHeader("X-Content-Security-Policy", csp);
            }
        }
    }

    /** One step of the landing as the page shows it. */
    @ExportedBean(defaultVisibility = 2)
    public static final class StepRow {
        public static final String RUNNING = "RUNNING";
        private final String key;
        private final String title;
        private String outcome;
        private String detail;

        StepRow(String key, String title, String outcome, String detail) {
            this.key = key;
            this.title = title;
            this.outcome = outcome;
            this.detail = detail;
        }

        @Exported
        public String getKey() {
            return key;
        }

        @Exported
        public String getTitle() {
            return title;
        }

        @Exported
        public String getOutcome() {
            return outcome;
        }

        @Exported
        public String getDetail() {
            return detail;
        }
    }

    /** One line of an autopkgtest summary. */
    @ExportedBean(defaultVisibility = 2)
    public static final class VerdictRow {
        private final String source;
        private final String version;
        private final String test;
        private final String result;
        private final boolean superficial;
        /** Marked flaky (a FLAKY result is its tolerated failure); false in rows saved before the field existed. */
        private final boolean flaky;

        private final String detail;

        VerdictRow(
                String source,
                String version,
                String test,
                String result,
                boolean superficial,
                boolean flaky,
                String detail) {
            this.source = source;
            this.version = version;
            this.test = test;
            this.result = result;
            this.superficial = superficial;
            this.flaky = flaky;
            this.detail = detail;
        }

        @Exported
        public String getSource() {
            return source;
        }

        @Exported
        public String getVersion() {
            return version;
        }

        @Exported
        public String getTest() {
            return test;
        }

        @Exported
        public String getResult() {
            return result;
        }

        @Exported
        public boolean isSuperficial() {
            return superficial;
        }

        @Exported
        public boolean isFlaky() {
            return flaky;
        }

        @Exported
        public String getDetail() {
            return detail;
        }
    }

    /** One row of the regression table: a triggered test, its verdict and where its log and JUnit file are archived. */
    @ExportedBean(defaultVisibility = 2)
    public static final class TriggeredRow {
        private final String source;
        private final String version;
        private final String architecture;
        private final String trigger;
        private final String verdict;
        private final boolean blocking;
        private final Integer exitCode;
        private final Integer baselineExitCode;
        private final String detail;
        private final String log;
        private final String junit;

        TriggeredRow(TriggeredResult r) {
            this.source = r.source();
            this.version = r.version();
            this.architecture = r.architecture();
            this.trigger = r.trigger();
            this.verdict = r.verdict().label();
            this.blocking = r.verdict().blocks();
            this.exitCode = r.exitCode();
            this.baselineExitCode = r.baselineExitCode();
            this.detail = r.detail();
            this.log = Actions.archivedLog(Actions.runTriggeredTest(r));
            this.junit = TriggeredJunit.archiveName(r.source());
        }

        @Exported
        public String getSource() {
            return source;
        }

        @Exported
        public String getVersion() {
            return version;
        }

        @Exported
        public String getArchitecture() {
            return architecture;
        }

        /** The ticket's upload whose packages the test ran with ({@code liba_1.1-1}). */
        @Exported
        public String getTrigger() {
            return trigger;
        }

        /** PASS, REGRESSION, ALWAYSFAIL, NEUTRAL, IGNORE-FAIL, RUNNING or NOT-RUN. */
        @Exported
        public String getVerdict() {
            return verdict;
        }

        /** Whether this verdict stops the ticket from being published (a REGRESSION no hint ignores). */
        @Exported
        public boolean isBlocking() {
            return blocking;
        }

        @Exported
        public Integer getExitCode() {
            return exitCode;
        }

        @Exported
        public Integer getBaselineExitCode() {
            return baselineExitCode;
        }

        @Exported
        public String getDetail() {
            return detail;
        }

        /** The archived console log of the test's action ({@code console/run-triggered-test_….log}). */
        @Exported
        public String getLog() {
            return log;
        }

        /** The archived JUnit file of the tested package ({@code triggered/SOURCE/junit.xml}). */
        @Exported
        public String getJunit() {
            return junit;
        }
    }

    /** A file archived to the ticket's container in the data store. */
    @ExportedBean(defaultVisibility = 2)
    public static final class ArchivedLink {
        private final String name;
        private final String type;
        private final String reference;
        /** Where anyone reads it (a public file in Swift); null: served through {@code archive/NAME}. */
        private final String url;

        ArchivedLink(String name, String type, String reference, String url) {
            this.name = name;
            this.type = type;
            this.reference = reference;
            this.url = url;
        }

        @Exported
        public String getName() {
            return name;
        }

        @Exported
        public String getType() {
            return type;
        }

        /** The data store's own reference (a file: URI locally, a Swift URL in the cloud). */
        @Exported
        public String getReference() {
            return reference;
        }

        /**
         * The public URL the page links to, or null when the page serves the file itself: a local
         * store's, a private file's, and those of runs saved before the field existed.
         */
        @Exported
        public @CheckForNull String getUrl() {
            return url;
        }
    }
}
