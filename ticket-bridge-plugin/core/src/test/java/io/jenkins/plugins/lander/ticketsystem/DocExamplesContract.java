package io.jenkins.plugins.lander.ticketsystem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Replays the curl examples of {@code docs/ticket-api.md} (the seed's, in order) with bash and
 * curl against a live server, and checks each block's {@code # expect:} status.
 */
abstract class DocExamplesContract extends TicketServerTest {
    private static final Pattern BLOCK = Pattern.compile("```sh\\n# expect: (\\d{3})\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.1 (\\d{3}) ");

    DocExamplesContract(Backend backend) {
        super(backend);
    }

    record Example(int expected, String script) {}

    static List<Example> examples() throws Exception {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.exists(dir.resolve("docs/ticket-api.md"))) {
            dir = dir.getParent();
        }
        Matcher m = BLOCK.matcher(Files.readString(dir.resolve("docs/ticket-api.md"), StandardCharsets.UTF_8));
        List<Example> out = new ArrayList<>();
        while (m.find()) {
            out.add(new Example(Integer.parseInt(m.group(1)), m.group(2)));
        }
        return out;
    }

    @Test
    void theDocumentedCurlExamplesWorkAsDocumented() throws Exception {
        start();
        String base = server.uri().toString().replaceFirst("/$", "");
        List<Example> examples = examples();
        assertThat(examples).hasSizeGreaterThan(20);
        int requests = 0;
        for (Example e : examples) {
            ProcessBuilder pb = new ProcessBuilder("bash", "-euo", "pipefail", "-c",
                    e.script().replace("http://localhost:8000", base)).redirectError(ProcessBuilder.Redirect.DISCARD);
            pb.environment().put("LANDER_API_TOKEN", TOKEN);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(e.script()).isZero();
            Matcher status = STATUS.matcher(out);
            int seen = 0;
            while (status.find()) {
                assertThat(Integer.parseInt(status.group(1))).as(e.script() + "\n" + out).isEqualTo(e.expected());
                seen++;
            }
            assertThat(seen).as(e.script()).isEqualTo(e.script().split("\\bcurl ", -1).length - 1);
            if (e.expected() == 201) {
                assertThat(out).as(e.script()).containsPattern("(?i)Location: http://");
            }
            requests += seen;
        }
        assertThat(requests).isGreaterThan(28);
        assertThat(ticket(1).path("subtickets").get(0).path("artifacts").get(0).path("type").asText()).isEqualTo("SPU");
        assertThat(ticket(1).path("current_workflow_step").asInt()).isEqualTo(1000);
    }
}
