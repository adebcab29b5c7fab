package io.jenkins.plugins.lander.stats;

/** Stats that cannot be stored as given; {@link #field()} names the offending field. */
public final class InvalidStatsException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidStatsException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
