package io.jenkins.plugins.lander.steps.repo;

/** aptly package queries the steps share. */
public final class Queries {
    private Queries() {}

    /** A source package and every binary built from it (binNMUs included, by source version). */
    public static String builtFrom(String source, String version) {
        return "($Source (" + source + "), $SourceVersion (= " + version + ")) | (Name (" + source
                + "), $Architecture (source), Version (= " + version + "))";
    }

    /** What {@code query} matches, debug symbol packages ({@code *-dbgsym}) only or left out. */
    public static String debugSymbols(String query, boolean wanted) {
        return "(" + query + "), " + (wanted ? "" : "!") + "Name (% *-dbgsym)";
    }

    /** Every version of a source package, without its binaries. */
    public static String sourceNamed(String source) {
        return "Name (" + source + "), $Architecture (source)";
    }
}
