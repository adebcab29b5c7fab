package io.jenkins.plugins.lander.rdeps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Cases from deb-version(7) and dpkg's own test suite (lib/dpkg/t/t-version.c). */
class DebianVersionTest {
    @ParameterizedTest
    @CsvSource({
        "1.0, 1.0, 0",
        "1.0, 1.1, -1",
        "1.0~rc1, 1.0, -1",
        "1.0~~, 1.0~, -1",
        "1.0, 1.0+b1, -1",
        "1.0-1, 1.0-2, -1",
        "1.0-1, 1.0-1ubuntu1, -1",
        "1:0.1, 2.0, 1",
        "2.10, 2.9, 1",
        "1.0a, 1.0+, -1",
        "0:1.0, 1.0, 0",
        "1.0-0010, 1.0-10, 0",
        "1.2.3-1, 1.2-1, 1",
    })
    void comparesAsDpkgDoes(String a, String b, int expected) {
        assertThat(Integer.signum(DebianVersion.compare(a, b))).isEqualTo(expected);
        assertThat(Integer.signum(DebianVersion.compare(b, a))).isEqualTo(-expected);
    }
}
