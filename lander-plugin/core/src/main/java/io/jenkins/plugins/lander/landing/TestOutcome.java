package io.jenkins.plugins.lander.landing;

/** autopkgtest's exit code classes (man autopkgtest, EXIT STATUS). */
public enum TestOutcome {
    /** 0 all passed, 2 some skipped or a flaky test failed, 8 no tests. */
    PASS,
    /** 4 some failed, 6 failed and skipped. */
    FAIL,
    /** 12, 14: the package is erroneous (e.g. unsatisfiable test dependencies). */
    BADPKG,
    /** 16: the testbed failed, even after one retry. */
    TESTBED_FAILURE,
    /** 20 or anything unknown. */
    ERROR;

    public static TestOutcome fromExitCode(int code) {
        return switch (code) {
            case 0, 2, 8 -> PASS;
            case 4, 6 -> FAIL;
            case 12, 14 -> BADPKG;
            case 16 -> TESTBED_FAILURE;
            default -> ERROR;
        };
    }
}
