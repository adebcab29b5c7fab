package io.jenkins.plugins.lander.rdeps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TriggeredVerdictTest {
    private static final TriggeredTest B = new TriggeredTest("bb", "1.0", "amd64", "liba_1.1-1", "archive", List.of("liba1"));

    @ParameterizedTest(name = "exit {0}, baseline {1}, hint ''{2}'' -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "0  | -  | -                           | PASS",
        "2  | -  | -                           | PASS",
        "8  | -  | -                           | NEUTRAL",
        "4  | 0  | -                           | REGRESSION",
        "4  | 2  | -                           | REGRESSION",
        "12 | 0  | -                           | REGRESSION",
        "4  | 4  | -                           | ALWAYSFAIL",
        "4  | 8  | -                           | ALWAYSFAIL",
        "4  | -  | force-badtest bb/1.0         | IGNORE-FAIL",
        "4  | -  | force-badtest bb/1.0/amd64   | IGNORE-FAIL",
        "4  | 0  | force-badtest bb/0.9         | REGRESSION",
        "4  | 0  | force-badtest bb/1.0/arm64   | REGRESSION",
        "4  | -  | force-skiptest liba/1.1-1   | IGNORE-FAIL",
        "4  | 0  | force-skiptest liba/1.1-2   | REGRESSION",
        "0  | -  | force-badtest bb/1.0         | PASS",
    })
    void classifiesAsBritney(int exit, Integer baseline, String hint, String expected) {
        List<Hint> hints = hint == null ? List.of() : Hint.parse(hint);
        Optional<TriggeredVerdict> early = TriggeredVerdict.withoutBaseline(B, exit, hints);
        assertThat(early.isEmpty()).as("needs a baseline").isEqualTo(baseline != null);
        TriggeredVerdict v = early.orElseGet(() -> TriggeredVerdict.fromBaseline(baseline));
        assertThat(v.label()).isEqualTo(expected);
        assertThat(v.blocks()).isEqualTo(expected.equals("REGRESSION"));
    }
}
