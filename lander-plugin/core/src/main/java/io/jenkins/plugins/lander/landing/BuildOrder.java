package io.jenkins.plugins.lander.landing;

import io.jenkins.plugins.lander.source.BuildDependencies;
import io.jenkins.plugins.lander.source.InvalidSourceException;
import io.jenkins.plugins.lander.source.SourceUpload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The order a ticket's uploads must be built in: an upload that build-depends on a binary package
 * another upload of the ticket builds comes after it, whatever order the uploads were given in.
 * Uploads of one wave depend on none of the same wave and may build side by side.
 *
 * @param waves indexes into the ticket's uploads, wave by wave
 * @param needs for each upload, the uploads of the ticket it build-depends on
 */
public record BuildOrder(List<List<Integer>> waves, Map<Integer, Set<Integer>> needs) {

    /** The order, or a clear error when the uploads build-depend on each other in a cycle. */
    public static BuildOrder of(List<SourceUpload> uploads) throws IOException, InvalidSourceException {
        Map<Integer, Set<Integer>> needs = new TreeMap<>();
        for (int i = 0; i < uploads.size(); i++) {
            Set<String> deps = BuildDependencies.of(uploads.get(i));
            Set<Integer> on = new LinkedHashSet<>();
            for (int j = 0; j < uploads.size(); j++) {
                if (j != i && uploads.get(j).binaries().stream().anyMatch(deps::contains)) {
                    on.add(j);
                }
            }
            needs.put(i, on);
        }
        List<List<Integer>> waves = new ArrayList<>();
        Set<Integer> placed = new LinkedHashSet<>();
        while (placed.size() < uploads.size()) {
            List<Integer> wave = new ArrayList<>();
            for (int i = 0; i < uploads.size(); i++) {
                if (!placed.contains(i) && placed.containsAll(needs.get(i))) {
                    wave.add(i);
                }
            }
            if (wave.isEmpty()) {
                throw new InvalidSourceException("the uploads build-depend on each other in a cycle: "
                        + cycle(uploads, needs, placed) + "; land them in separate tickets or break the cycle");
            }
            waves.add(wave);
            placed.addAll(wave);
        }
        return new BuildOrder(List.copyOf(waves), needs);
    }

    private static String cycle(List<SourceUpload> uploads, Map<Integer, Set<Integer>> needs, Set<Integer> placed) {
        return needs.entrySet().stream()
                .filter(e -> !placed.contains(e.getKey()))
                .map(e -> uploads.get(e.getKey()).source() + " needs " + e.getValue().stream()
                        .filter(j -> !placed.contains(j))
                        .map(j -> uploads.get(j).source())
                        .collect(Collectors.joining(" and ")))
                .collect(Collectors.joining(", "));
    }
}
