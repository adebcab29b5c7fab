package io.jenkins.plugins.lander.stats;

import io.jenkins.plugins.lander.exec.ToolClock;
import io.jenkins.plugins.lander.ticket.TicketStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The non-functional stats of one finished landing (the seed's NFSS data for a ticket): when it
 * ran, how long it waited in the queue, how long each step, each tool and each test took, how big
 * its packages and logs are, and the tests' verdicts. Built step by step with {@link #builder}.
 *
 * @param ticket the ticket's id in the ticket database
 * @param uploads the ticket's source uploads, in ticket order
 * @param result how the landing ended: {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}
 * @param queueWait from queued to started
 * @param steps per step (and per upload for build and test) its wall time; a step absent did not run
 * @param tools wall time inside each external tool ({@link ToolClock#byTool()})
 * @param tests each test that has a verdict, with its duration when known
 * @param binaryBytes total size of the binary packages built
 * @param logBytes total size of the console logs and results archived
 */
public record LandingStats(
        long ticket,
        String series,
        List<Upload> uploads,
        TicketStatus result,
        Instant started,
        Instant ended,
        Duration queueWait,
        List<StepTime> steps,
        Map<String, Duration> tools,
        List<TestTime> tests,
        long binaryBytes,
        long logBytes) {
    static final int MAX_UPLOADS = 100;
    static final int MAX_TESTS = 10_000;
    static final int MAX_TOOLS = 100;
    static final int NAME_LENGTH = 255;
    static final int TOOL_LENGTH = 64;
    static final int SERIES_LENGTH = 64;

    public LandingStats {
        if (ticket <= 0) {
            throw new InvalidStatsException("ticket", "expected a ticket id, got " + ticket);
        }
        Limits.name("series", series, SERIES_LENGTH);
        uploads = List.copyOf(uploads);
        if (uploads.isEmpty() || uploads.size() > MAX_UPLOADS) {
            throw new InvalidStatsException("uploads", "expected 1 to " + MAX_UPLOADS + " uploads, got " + uploads.size());
        }
        if (result == null || !result.isFinal()) {
            throw new InvalidStatsException("result", "expected COMPLETED, FAILED or CANCELLED, got " + result);
        }
        if (started == null || ended == null || ended.isBefore(started)) {
            throw new InvalidStatsException("ended", "a landing ends after it starts (" + started + " – " + ended + ")");
        }
        started = started.truncatedTo(ChronoUnit.MILLIS);
        ended = ended.truncatedTo(ChronoUnit.MILLIS);
        queueWait = Limits.duration("queue_wait", queueWait);
        steps = List.copyOf(steps);
        Set<String> sources = new HashSet<>();
        uploads.forEach(u -> sources.add(u.source()));
        for (StepTime s : steps) {
            if (s.step().perUpload() != (s.source() != null) || (s.source() != null && !sources.contains(s.source()))) {
                throw new InvalidStatsException("steps", s.step().label() + " of '" + s.source()
                        + "': build and test are timed per upload of the ticket, the other steps once");
            }
        }
        if (tools.size() > MAX_TOOLS) {
            throw new InvalidStatsException("tools", "more than " + MAX_TOOLS + " tools");
        }
        Map<String, Duration> byTool = new TreeMap<>();
        tools.forEach((tool, d) -> byTool.put(Limits.name("tools", tool, TOOL_LENGTH), Limits.duration("tools." + tool, d)));
        tools = Collections.unmodifiableMap(byTool);
        tests = List.copyOf(tests);
        if (tests.size() > MAX_TESTS) {
            throw new InvalidStatsException("tests", "more than " + MAX_TESTS + " tests");
        }
        Limits.bytes("binary_bytes", binaryBytes);
        Limits.bytes("log_bytes", logBytes);
    }

    /** One source upload of the ticket. */
    public record Upload(String source, String version) {
        public Upload {
            Limits.matching("source", source, Limits.SOURCE, NAME_LENGTH, "a Debian source package name");
            Limits.matching("version", version, Limits.VERSION, NAME_LENGTH, "a Debian version");
        }
    }

    /** The wall time of a step; {@code source} names the upload for build and test, else null. */
    public record StepTime(Step step, String source, Duration duration) {
        public StepTime {
            if (step == null) {
                throw new InvalidStatsException("step", "required");
            }
            duration = Limits.duration(step.label(), duration);
        }
    }

    /**
     * One test's verdict ({@code PASS}, {@code FAIL}, {@code SKIP}, {@code FLAKY}, {@code ERROR}, as
     * autopkgtest's summary writes it) and its duration, null when the runner did not report one.
     */
    public record TestTime(String source, String name, String result, Duration duration) {
        /** autopkgtest's name for a report about the package as a whole ({@code * BROKEN …}, {@code * SKIP …}). */
        static final String WHOLE_PACKAGE = "whole-package";

        /**
         * The stats name of a test as autopkgtest named it: {@code *} (the package as a whole)
         * becomes {@code whole-package}, any other character outside the stats alphabet {@code _},
         * a name not starting with a letter or digit is prefixed {@code test-}, and it is cut to the
         * column's length. The engine's verdicts pass through here so that no name a tool reports
         * can cost a landing its stats; names given to {@link Builder#test} are still checked.
         */
        public static String nameOf(String reported) {
            if (reported == null || reported.isBlank()) {
                return "unnamed";
            }
            if (reported.strip().equals("*")) {
                return WHOLE_PACKAGE;
            }
            String name = reported.strip().replaceAll("[^A-Za-z0-9._+:/-]", "_");
            if (!Character.isLetterOrDigit(name.charAt(0))) { // ASCII by now
                name = "test-" + name;
            }
            return name.length() > NAME_LENGTH ? name.substring(0, NAME_LENGTH) : name;
        }

        public TestTime {
            Limits.matching("tests.source", source, Limits.SOURCE, NAME_LENGTH, "a Debian source package name");
            Limits.name("tests.name", name, NAME_LENGTH);
            Limits.matching("tests.result", result, Limits.NAME, 16, "a verdict such as PASS");
            if (duration != null) {
                duration = Limits.duration("tests.seconds", duration);
            }
        }
    }

    public Duration wall() {
        return Duration.between(started, ended);
    }

    /** Each step's wall time, summed over the uploads for build and test, in step order. */
    public Map<Step, Duration> stepTotals() {
        Map<Step, Duration> out = new EnumMap<>(Step.class);
        steps.forEach(s -> out.merge(s.step(), s.duration(), Duration::plus));
        return out;
    }

    /** How many tests had each verdict, by verdict name. */
    public Map<String, Integer> verdictCounts() {
        Map<String, Integer> out = new TreeMap<>();
        tests.forEach(t -> out.merge(t.result(), 1, Integer::sum));
        return out;
    }

    /** The share of tests that passed among those that ran (skipped ones left out); empty when none ran. */
    public Optional<Double> passRate() {
        long ran = tests.stream().filter(t -> !"SKIP".equals(t.result()) && !"NEUTRAL".equals(t.result())).count();
        long passed = tests.stream().filter(t -> "PASS".equals(t.result())).count();
        return ran == 0 ? Optional.empty() : Optional.of((double) passed / ran);
    }

    public static Builder builder(long ticket, String series) {
        return new Builder(ticket, series);
    }

    /**
     * Collects a landing's stats as it goes: the engine adds each step as it ends (steps that
     * overlap may be added from their own threads), then {@link #build} when the ticket is closed.
     */
    public static final class Builder {
        private final long ticket;
        private final String series;
        private final List<Upload> uploads = new ArrayList<>();
        private final List<StepTime> steps = new ArrayList<>();
        private final Map<String, Duration> tools = new TreeMap<>();
        private final List<TestTime> tests = new ArrayList<>();
        private Instant queued;
        private Instant started;
        private long binaryBytes;
        private long logBytes;

        private Builder(long ticket, String series) {
            this.ticket = ticket;
            this.series = series;
        }

        public synchronized Builder upload(String source, String version) {
            uploads.add(new Upload(source, version));
            return this;
        }

        /** When the ticket was queued; the queue wait runs from here to {@link #started}. */
        public synchronized Builder queued(Instant at) {
            queued = at;
            return this;
        }

        public synchronized Builder started(Instant at) {
            started = at;
            return this;
        }

        /** A step run once per landing: allocate, image, publish, release. */
        public Builder step(Step step, Duration duration) {
            return add(new StepTime(step, null, duration));
        }

        /** A step run per upload: build or test of {@code source}. */
        public Builder step(Step step, String source, Duration duration) {
            return add(new StepTime(step, source, duration));
        }

        private synchronized Builder add(StepTime time) {
            steps.add(time);
            return this;
        }

        /** Times a step from now until the returned timer is closed. */
        public Timer time(Step step, String source) {
            long start = System.nanoTime();
            return () -> add(new StepTime(step, source, Duration.ofNanos(System.nanoTime() - start)));
        }

        /** The tools' times so far of a clock that measured this landing only. */
        public synchronized Builder tools(ToolClock clock) {
            clock.byTool().forEach((tool, d) -> tools.merge(tool, d, Duration::plus));
            return this;
        }

        public synchronized Builder tool(String tool, Duration duration) {
            tools.merge(tool, duration, Duration::plus);
            return this;
        }

        /** A test's verdict and its duration (null when unknown). */
        public synchronized Builder test(String source, String name, String result, Duration duration) {
            tests.add(new TestTime(source, name, result, duration));
            return this;
        }

        public synchronized Builder binaryBytes(long bytes) {
            binaryBytes += Limits.bytes("binary_bytes", bytes);
            return this;
        }

        public synchronized Builder logBytes(long bytes) {
            logBytes += Limits.bytes("log_bytes", bytes);
            return this;
        }

        /** The stats of the landing that ended at {@code ended} with {@code result}. */
        public synchronized LandingStats build(TicketStatus result, Instant ended) {
            if (started == null) {
                throw new InvalidStatsException("started", "required");
            }
            // a clock set back between queueing and starting (another machine, NTP) is no reason to lose the stats
            Duration wait = queued == null || queued.isAfter(started) ? Duration.ZERO : Duration.between(queued, started);
            return new LandingStats(ticket, series, uploads, result, started, ended, wait, steps, tools, tests,
                    binaryBytes, logBytes);
        }
    }

    /** A running step's clock; closing it adds the step. */
    @FunctionalInterface
    public interface Timer extends AutoCloseable {
        @Override
        void close();
    }
}
