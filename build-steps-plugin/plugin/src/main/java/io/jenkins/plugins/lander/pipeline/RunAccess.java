package io.jenkins.plugins.lander.pipeline;

import hudson.AbortException;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.lander.plugin.LanderConfiguration;
import java.util.List;
import jenkins.model.Jenkins;
import org.springframework.security.core.Authentication;

/**
 * Whether a run may use the landing steps: its job is on the configured allow-list, or, without
 * one, the run's authentication (the build's, as Authorize Project sets it) has Job/Build on its
 * job. Checked when a step starts, on the CPS VM thread, where the current authentication is the
 * run's.
 */
final class RunAccess {
    private RunAccess() {}

    static void check(Run<?, ?> run, String function) throws AbortException {
        Job<?, ?> job = run.getParent();
        String name = job.getFullName();
        List<String> allowed = LanderConfiguration.get().allowedJobList();
        if (!allowed.isEmpty()) {
            if (allowed.stream().anyMatch(a -> a.endsWith("/") ? name.startsWith(a) : name.equals(a))) {
                return;
            }
            throw new AbortException(function + ": job " + name
                    + " is not allowed to land (Manage Jenkins > System > Lander > Jobs allowed to land)");
        }
        Authentication auth = Jenkins.getAuthentication2();
        if (!job.hasPermission2(auth, Item.BUILD)) {
            throw new AbortException(function + ": " + auth.getName() + " may not build " + name
                    + ", so this run may not land");
        }
    }
}
