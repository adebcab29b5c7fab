package io.jenkins.plugins.lander.steps.autopkgtest;

import io.jenkins.plugins.lander.landing.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subunit v1 stream of the seed's Test Runner: {@code test: NAME}, then {@code success:},
 * {@code failure:}, {@code skip:}, {@code xfail:} (FLAKY: failed, tolerated) or {@code error:}
 * with a multipart details block (reason, stdout, stderr), each part chunk-encoded as
 * {@code HEXLEN\r\nBYTES0\r\n}.
 */
public final class SubunitWriter {
    private SubunitWriter() {}

    public static void write(Path file, List<Verdict> verdicts, TestLogs logs) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Verdict v : verdicts) {
            ascii(out, "test: " + v.test() + "\n");
            ascii(out, outcome(v) + ": " + v.test() + " [ multipart\n");
            for (Map.Entry<String, String> part : details(v, logs).entrySet()) {
                ascii(out, "Content-Type: text/plain;charset=utf8\n" + part.getKey() + "\n");
                byte[] content = part.getValue().getBytes(StandardCharsets.UTF_8);
                if (content.length > 0) {
                    ascii(out, Integer.toHexString(content.length) + "\r\n");
                    out.write(content);
                }
                ascii(out, "0\r\n");
            }
            ascii(out, "]\n");
        }
        Files.write(file, out.toByteArray());
    }

    static String outcome(Verdict v) {
        return switch (v.result()) {
            case SummaryParser.PASS -> "success";
            case SummaryParser.FAIL -> "failure";
            case SummaryParser.SKIP, Verdict.NEUTRAL -> "skip";
            case SummaryParser.FLAKY -> "xfail";
            default -> "error";
        };
    }

    private static Map<String, String> details(Verdict v, TestLogs logs) throws IOException {
        Map<String, String> parts = new LinkedHashMap<>();
        String reason = v.superficial() ? "superficial" : v.detail();
        if (!reason.isEmpty()) {
            parts.put("reason", reason + "\n");
        }
        parts.put("stderr", logs.stderr(v.test()));
        parts.put("stdout", logs.stdout(v.test()));
        return parts;
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
