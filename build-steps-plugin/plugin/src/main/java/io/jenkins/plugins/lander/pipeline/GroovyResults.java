package io.jenkins.plugins.lander.pipeline;

import io.jenkins.plugins.lander.landing.ArchivedFile;
import io.jenkins.plugins.lander.landing.BuildResult;
import io.jenkins.plugins.lander.landing.Ppa;
import io.jenkins.plugins.lander.landing.PublishResult;
import io.jenkins.plugins.lander.landing.TestImage;
import io.jenkins.plugins.lander.landing.TestResult;
import io.jenkins.plugins.lander.landing.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step return values as plain maps and lists of strings, which a Pipeline script reads as
 * {@code ppa.aptLine} in the sandbox and which survive the CPS program's serialisation.
 */
final class GroovyResults {
    private GroovyResults() {}

    static Map<String, Object> ppa(Ppa ppa) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", ppa.name());
        m.put("aptLine", ppa.aptLine());
        m.put("url", ppa.url());
        return m;
    }

    static Map<String, Object> build(BuildResult build) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", build.source());
        m.put("version", build.version());
        m.put("state", build.state());
        m.put("succeeded", build.succeeded());
        m.put("reason", build.reason());
        m.put("binaries", new ArrayList<>(build.binaries()));
        m.put("files", names(build.files()));
        return m;
    }

    static Map<String, Object> image(TestImage image) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reference", image.reference());
        m.put("series", image.series());
        m.put("reused", image.reused());
        m.put("files", names(image.files()));
        return m;
    }

    static Map<String, Object> test(TestResult test, String junitFile) {
        List<Map<String, Object>> verdicts = new ArrayList<>();
        for (Verdict v : test.verdicts()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("test", v.test());
            row.put("result", v.result());
            row.put("superficial", v.superficial());
            row.put("flaky", v.flaky());
            row.put("detail", v.detail());
            verdicts.add(row);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", test.source());
        m.put("version", test.version());
        m.put("exitCode", test.exitCode());
        m.put("outcome", test.outcome().name());
        m.put("passed", test.passed());
        m.put("verdicts", verdicts);
        m.put("junit", junitFile);
        m.put("files", names(test.files()));
        return m;
    }

    static Map<String, Object> publish(PublishResult publish) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("packages", new ArrayList<>(publish.packages()));
        m.put("files", names(publish.files()));
        return m;
    }

    private static List<String> names(List<ArchivedFile> files) {
        List<String> names = new ArrayList<>();
        files.forEach(f -> names.add(f.name()));
        return names;
    }
}
