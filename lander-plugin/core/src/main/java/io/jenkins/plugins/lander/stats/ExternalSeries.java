package io.jenkins.plugins.lander.stats;

import java.time.Instant;

/** A {@link SeriesPost} as stored: its id and when it was received. */
public record ExternalSeries(long id, SeriesPost series, Instant received) {}
