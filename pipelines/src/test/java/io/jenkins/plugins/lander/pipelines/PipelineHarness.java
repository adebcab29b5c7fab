package io.jenkins.plugins.lander.pipelines;

import groovy.lang.Binding;
import groovy.lang.Closure;
import groovy.lang.GroovyClassLoader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.groovy.runtime.InvokerHelper;

/**
 * Runs a scripted Pipeline on plain Groovy 4 with every Pipeline step replaced by a recording
 * mock, so that tests can assert which steps ran, in which order, with which arguments, and how
 * the run ended. Undefined steps fail the script (MissingMethodException), so a typo in a step
 * name is caught. JenkinsPipelineUnit is on Maven Central only as 1.1 (Groovy 2.4), which does
 * not run on Java 17 (docs/jenkins.md).
 *
 * <p>What it models of Jenkins: block steps run their body; {@code error} throws, failing the run;
 * {@code unstable} marks the run UNSTABLE; {@code params} and {@code currentBuild} are maps.
 */
final class PipelineHarness {
    /** A step's behaviour: gets the call's arguments, returns the step's value. */
    @FunctionalInterface
    interface Step {
        Object call(List<Object> args) throws Exception;
    }

    /** A call of a step, as the script made it. */
    record Call(String step, List<Object> args) {
        /** A named argument ({@code step name: value}), as a string. */
        String arg(String name) {
            Object value = namedArgs().get(name);
            return value == null ? null : value.toString();
        }

        Map<?, ?> namedArgs() {
            return args.isEmpty() || !(args.get(0) instanceof Map<?, ?> map) ? Map.of() : map;
        }

        /** The first positional argument (a stage's name, an error's message), as a string. */
        String first() {
            return args.isEmpty() ? null : String.valueOf(args.get(0));
        }
    }

    /** How the run ended. */
    record Outcome(String result, Throwable failure, List<Call> calls, Map<String, Object> currentBuild) {}

    /** What the {@code error} step throws, like Jenkins' AbortException. */
    static final class PipelineError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PipelineError(String message) {
            super(message);
        }
    }

    private static final GroovyClassLoader LOADER = new GroovyClassLoader();
    private static final Map<Path, Class<?>> COMPILED = new HashMap<>();
    private final Path script;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final Map<String, Object> currentBuild = new LinkedHashMap<>();
    private final List<Call> calls = new ArrayList<>();

    PipelineHarness(Path script) {
        this.script = script;
        for (String block : List.of("node", "stage", "dir", "timestamps")) {
            steps.put(block, PipelineHarness::runBody);
        }
        for (String plain : List.of("properties", "echo", "deleteDir", "junit", "archiveArtifacts")) {
            steps.put(plain, args -> null);
        }
        for (String definition : List.of("string", "text", "booleanParam", "parameters")) {
            steps.put(definition, args -> args.get(0));
        }
        steps.put("error", args -> {
            throw new PipelineError(String.valueOf(args.get(0)));
        });
        steps.put("unstable", args -> {
            if (!"FAILURE".equals(currentBuild.get("result"))) {
                currentBuild.put("result", "UNSTABLE");
            }
            return null;
        });
    }

    PipelineHarness param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    PipelineHarness step(String name, Step behaviour) {
        steps.put(name, behaviour);
        return this;
    }

    /** Runs the script once; a harness is good for one run. */
    Outcome run() throws IOException {
        Binding binding = new Binding();
        binding.setVariable("params", params);
        binding.setVariable("currentBuild", currentBuild);
        steps.forEach((name, behaviour) -> binding.setVariable(name, new Closure<Object>(this) {
            @Override
            public Object call(Object... args) {
                List<Object> list = Arrays.asList(args);
                calls.add(new Call(name, list));
                try {
                    return behaviour.call(list);
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }));
        Throwable failure = null;
        try {
            InvokerHelper.createScript(compiled(script), binding).run();
        } catch (RuntimeException e) {
            failure = e;
        }
        String result = failure != null ? "FAILURE" : (String) currentBuild.getOrDefault("result", "SUCCESS");
        return new Outcome(result, failure, new ArrayList<>(calls), new LinkedHashMap<>(currentBuild));
    }

    /** Compiles each script once per JVM: compiling costs a second or more, running it milliseconds. */
    private static synchronized Class<?> compiled(Path script) throws IOException {
        Class<?> compiled = COMPILED.get(script);
        if (compiled == null) {
            compiled = LOADER.parseClass(script.toFile());
            COMPILED.put(script, compiled);
        }
        return compiled;
    }

    private static Object runBody(List<Object> args) {
        return ((Closure<?>) args.get(args.size() - 1)).call();
    }
}
