package io.jenkins.plugins.lander.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebianVersionTest {
    /** Each row: a, b, the sign of a compared with b (Debian Policy 5.6.12's examples and dpkg's corner cases). */
    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource({
        "2.10-3, 2.10-3, 0",
        "2.10-3, 2.10-3+lander1, -1",
        "2.10-3+b1, 2.10-3, 1",
        "2.10-3~bpo12+1, 2.10-3, -1",
        "1.0~rc1, 1.0, -1",
        "1.0~~, 1.0~, -1",
        "1.0~, 1.0, -1",
        "1.0, 1.0a, -1",
        "1.0a, 1.0+, -1",
        "1.0+dfsg-1, 1.0-1, 1",
        "1:0.1, 2.0, 1",
        "0:2.0, 2.0, 0",
        "1.0, 1.0-0, 0",
        "1.10, 1.9, 1",
        "1.010, 1.10, 0",
        "1.2.3, 1.2, 1",
        "0.016-2, 0.016-10, -1",
        "2.4.7-1, 2.4.7-1.1, -1",
        "10.3-1, 9.99-1, 1",
        "1.0-1ubuntu1, 1.0-1, 1",
        "1.0-1-1, 1.0-1, 1",
        "a, b, -1",
        "1.0.0, 1.0, 1",
    })
    void ordersAsDebianPolicySays(String a, String b, int sign) {
        assertThat(Integer.signum(DebianVersion.compare(a, b))).isEqualTo(sign);
        assertThat(Integer.signum(DebianVersion.compare(b, a))).isEqualTo(-sign);
    }

    /** The same table, checked against dpkg itself: the Java ordering is dpkg's. */
    @ParameterizedTest(name = "dpkg: {0} vs {1}")
    @CsvSource({
        "2.10-3, 2.10-3+lander1", "2.10-3~bpo12+1, 2.10-3", "1.0~rc1, 1.0", "1.0~~, 1.0~", "1.0, 1.0a", "1.0a, 1.0+",
        "1:0.1, 2.0", "0:2.0, 2.0", "1.0, 1.0-0", "1.10, 1.9", "1.010, 1.10", "0.016-2, 0.016-10", "1.0-1-1, 1.0-1",
        "1.0.0, 1.0", "2.10-3, 2.10-3",
    })
    void agreesWithDpkg(String a, String b) throws Exception {
        int sign = Integer.signum(DebianVersion.compare(a, b));
        String op = sign < 0 ? "lt" : sign == 0 ? "eq" : "gt";
        Process p = new ProcessBuilder(List.of("dpkg", "--compare-versions", a, op, b)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("dpkg --compare-versions %s %s %s: %s", a, op, b, out).isZero();
    }
}
