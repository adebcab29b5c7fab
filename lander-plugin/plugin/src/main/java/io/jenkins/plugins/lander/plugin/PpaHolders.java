package io.jenkins.plugins.lander.plugin;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.XmlFile;
import hudson.model.Run;
import java.io.File;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import jenkins.model.Jenkins;

/**
 * Which run holds the PPA of which ticket, saved in {@code $JENKINS_HOME} before the step that
 * reserved it returns, so that it survives a restart. A PPA is reserved and released by ticket;
 * only the holding run may release it, build into it or report to its ticket, and a second run
 * cannot reserve a ticket a live run holds.
 */
public final class PpaHolders {
    private static PpaHolders instance;

    /** Ticket id to the holding run's externalizable id ({@code folder/job#12}). */
    private final Map<String, String> holders = new TreeMap<>();

    private transient XmlFile file;

    private PpaHolders() {}

    public static synchronized @NonNull PpaHolders get() {
        if (instance == null) {
            XmlFile file = new XmlFile(new File(Jenkins.get().getRootDir(), PpaHolders.class.getName() + ".xml"));
            PpaHolders loaded = null;
            if (file.exists()) {
                try {
                    loaded = (PpaHolders) file.read();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }
            instance = loaded == null ? new PpaHolders() : loaded;
            instance.file = file;
        }
        return instance;
    }

    /** The run holding the ticket's PPA, or null. */
    public synchronized @CheckForNull String holder(@NonNull String ticketId) {
        return holders.get(ticketId);
    }

    public boolean holds(@NonNull Run<?, ?> run, @NonNull String ticketId) {
        return run.getExternalizableId().equals(holder(ticketId));
    }

    /**
     * Records the run as the ticket's holder, unless another run that is still building holds it.
     *
     * @return null when recorded, else the holding run's id
     */
    public synchronized @CheckForNull String claim(@NonNull Run<?, ?> run, @NonNull String ticketId)
            throws IOException {
        String other = otherLiveHolder(run, ticketId);
        if (other != null) {
            return other;
        }
        holders.put(ticketId, run.getExternalizableId());
        file.write(this);
        return null;
    }

    /** The id of another run that holds the ticket and is still building, or null. */
    public synchronized @CheckForNull String otherLiveHolder(@NonNull Run<?, ?> run, @NonNull String ticketId) {
        String other = holders.get(ticketId);
        if (other == null || other.equals(run.getExternalizableId())) {
            return null;
        }
        Run<?, ?> holding = Run.fromExternalizableId(other);
        return holding != null && holding.isBuilding() ? other : null;
    }

    /** Every ticket held, to the holding run's id: what a restarted controller takes back. */
    public synchronized @NonNull Map<String, String> holdings() {
        return Map.copyOf(holders);
    }

    /** Forgets the run's hold on the ticket, if it has one. */
    public synchronized void released(@NonNull Run<?, ?> run, @NonNull String ticketId) throws IOException {
        if (holders.remove(ticketId, run.getExternalizableId())) {
            file.write(this);
        }
    }
}
