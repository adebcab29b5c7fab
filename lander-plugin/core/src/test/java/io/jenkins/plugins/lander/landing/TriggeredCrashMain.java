package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.journal.Journal;
import io.jenkins.plugins.lander.ticket.Origin;
import io.jenkins.plugins.lander.ticket.Overrides;
import io.jenkins.plugins.lander.ticket.Ticket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The process {@link TriggeredCrashTest} kills: an engine over {@link RecordingSteps} whose
 * archive has {@link #FAN_OUT} packages with tests triggered by {@code liba}; every odd one
 * regresses (fails with the ticket's liba, passes without: a baseline is run and cached).
 *
 * <pre>TriggeredCrashMain DIR land|resume</pre>
 *
 * <p>With {@code -Dlander.test.crashAfter=N} it stops inside the journal right after the Nth
 * triggered test's result reached the disk (the other tests of the fan-out still running, their
 * results not yet journaled), prints {@code CRASH-POINT} and waits for the test's {@code kill -9}.
 * Only this test class reads the property.
 */
public final class TriggeredCrashMain {
    static final int FAN_OUT = 20;

    private TriggeredCrashMain() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int crashAfter = Integer.getInteger("lander.test.crashAfter", 0);
        AtomicInteger done = new AtomicInteger();
        Journal.onAppended(entry -> {
            if (crashAfter > 0 && entry.action().startsWith("run-triggered-test/") && entry.state() == Journal.State.done
                    && done.incrementAndGet() == crashAfter) {
                System.out.println("CRASH-POINT");
                System.out.flush();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        RecordingSteps steps = new RecordingSteps();
        String[] rdeps = new String[FAN_OUT];
        for (int i = 0; i < FAN_OUT; i++) {
            rdeps[i] = String.format("r%02d", i + 1);
            if (i % 2 == 0) {
                steps.triggeredExit.put(rdeps[i], new int[] {4, 0});
            }
        }
        steps.indexes.add(RecordingSteps.archiveOf("liba", rdeps));
        steps.triggeredRuns = dir.resolve("runs.log");
        try (EngineFixture f = new EngineFixture(dir, steps, new EngineSettings(4, 4, Duration.ofMinutes(1)))) {
            Ticket t;
            if (args[1].equals("land")) {
                t = f.land(f.submit(Overrides.NONE, f.version("liba", "1.1")));
            } else {
                List<Scheduler.Claim> adopted = f.engine.scheduler().adoptAbandoned(Set.of(Origin.CLI));
                if (adopted.size() != 1) {
                    throw new IllegalStateException("expected one abandoned ticket, found " + adopted.size());
                }
                t = f.land(adopted.get(0));
            }
            System.out.println("LANDED " + t.getId() + " " + t.getCurrentWorkflowStep().code() + " " + t.getStatus());
        }
    }
}
