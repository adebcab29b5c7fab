package io.jenkins.plugins.lander.rdeps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HintTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "force-badtest bb/1.0            | bb | 1.0   | amd64 | true",
        "force-badtest bb/1.0            | bb | 0.9   | amd64 | true",
        "force-badtest bb/1.0            | bb | 1.0+1 | amd64 | false",
        "force-badtest bb/1:0.5          | bb | 2.0   | amd64 | true",
        "force-badtest bb/1.0/arm64      | bb | 1.0   | amd64 | false",
        "force-badtest bb/1.0/amd64      | bb | 1.0   | amd64 | true",
        "force-badtest cc/1.0            | bb | 1.0   | amd64 | false",
        "force-skiptest bb/1.0           | bb | 1.0   | amd64 | false",
    })
    void forceBadtestIgnoresTestsOfThatSourceUpToThatVersion(String line, String source, String version, String arch,
            boolean ignored) {
        assertThat(Hint.parse(line).get(0).ignoresFailureOf(source, version, arch)).isEqualTo(ignored);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "force-skiptest liba/1.1-1  | liba | 1.1-1 | true",
        "force-skiptest liba/1.1-1  | liba | 1.1-2 | false",
        "force-badtest liba/1.1-1   | liba | 1.1-1 | false",
    })
    void forceSkiptestCoversTheTriggeringUpload(String line, String source, String version, boolean skipped) {
        assertThat(Hint.parse(line).get(0).skipsTestsTriggeredBy(source, version)).isEqualTo(skipped);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "force-badtest", "force-hint bb/1.0", "force-badtest b", "force-badtest BB/1.0",
        "force-badtest bb/x1", "force-badtest bb/1.0/AMD64", "force-skiptest bb/1.0/amd64", "force-badtest bb/1.0/amd64/x",
        "force-badtest bb/1.0\nforce bb/1", "force-badtest ../1.0"})
    void aBadHintIsRefusedNamingIt(String line) {
        assertThatThrownBy(() -> Hint.parse(line)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(line.isEmpty() ? "empty hint" : "hint");
    }

    @org.junit.jupiter.api.Test
    void oneLineMayNameSeveralItemsAndPrintsBack() {
        List<Hint> hints = Hint.parse("force-badtest bb/1.0 cc/2.0/amd64");
        assertThat(hints).extracting(Hint::toString).containsExactly("force-badtest bb/1.0", "force-badtest cc/2.0/amd64");
        assertThatThrownBy(() -> Hint.parse("force-badtest " + "b/1.0 ".repeat(300))).hasMessageContaining("longer than");
    }
}
