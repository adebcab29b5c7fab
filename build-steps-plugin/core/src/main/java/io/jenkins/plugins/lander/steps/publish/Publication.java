package io.jenkins.plugins.lander.steps.publish;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A line of the archive's ledger: which ticket published which source version, recorded before the copy. */
public record Publication(
        String series, String source, String version, @JsonProperty("ticket_id") String ticketId, Instant time) {
    boolean sameUpload(String otherSeries, String otherSource, String otherVersion) {
        return series.equals(otherSeries) && source.equals(otherSource) && version.equals(otherVersion);
    }
}
