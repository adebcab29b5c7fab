package io.jenkins.plugins.lander.journal;

/** An external action run under the {@link Journal}. */
@FunctionalInterface
public interface JournaledAction<T> {
    /**
     * @param resuming true when an earlier run started this action and crashed before it was
     *     recorded done: the action must first find out what was already done (reconcile).
     */
    T perform(boolean resuming) throws Exception;
}
