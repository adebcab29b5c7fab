package io.jenkins.plugins.lander.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    @TempDir
    Path dir;

    record Result(String value) {}

    @Test
    void doneActionIsNotPerformedAgainAfterReopen() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        List<Boolean> calls = new ArrayList<>();
        Journal.open(file).run("build:x", Result.class, resuming -> {
            calls.add(resuming);
            return new Result("ok");
        });
        Result again = Journal.open(file).run("build:x", Result.class, resuming -> {
            calls.add(resuming);
            return new Result("twice");
        });
        assertThat(again.value()).isEqualTo("ok");
        assertThat(calls).containsExactly(false);
    }

    @Test
    void startedActionIsResumedWithTheFlag() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        assertThatThrownBy(() -> Journal.open(file).run("publish", Result.class, resuming -> {
            throw new IllegalStateException("crash in the middle");
        })).hasMessage("crash in the middle");

        Journal reopened = Journal.open(file);
        assertThat(reopened.isStarted("publish")).isTrue();
        Result r = reopened.run("publish", Result.class, resuming -> new Result("resuming=" + resuming));
        assertThat(r.value()).isEqualTo("resuming=true");
        assertThat(reopened.isDone("publish")).isTrue();
    }

    @Test
    void tornLastLineIsIgnored() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Journal.open(file).run("reserve", Result.class, resuming -> new Result("ppa"));
        Files.writeString(file, "{\"action\":\"build:x\",\"sta", StandardOpenOption.APPEND);
        Journal reopened = Journal.open(file);
        assertThat(reopened.isDone("reserve")).isTrue();
        assertThat(reopened.isStarted("build:x")).isFalse();
        assertThat(reopened.result("reserve", Result.class)).contains(new Result("ppa"));
    }

    @Test
    void startedIsOnDiskBeforeTheActionRuns() throws Exception {
        Path file = dir.resolve("journal.jsonl");
        Journal.open(file).run("image", Result.class, resuming -> {
            // what a kill -9 at this instant would leave behind
            assertThat(Journal.open(file).isStarted("image")).isTrue();
            return new Result("img");
        });
    }
}
