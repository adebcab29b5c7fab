package io.jenkins.plugins.lander.stats;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An external client's measurements for a ticket (the seed's NFSS clients posting, say, boot
 * times): a named series of numbers, either keyed ({@code kernel: 4.42, xorg: 4.77}) or a plain
 * list (repeated runs), in one unit. Bounded so one post stays small: at most {@link #MAX_POINTS}
 * points, names of at most {@link #MAX_NAME} characters.
 */
public record SeriesPost(long ticket, String name, String unit, List<Point> points) {
    public static final int MAX_POINTS = 1000;
    public static final int MAX_NAME = 64;
    public static final int MAX_UNIT = 16;
    /** Series one ticket may have, so a client in a loop cannot fill the database. */
    public static final int MAX_PER_TICKET = 100;
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9%/._-]+");

    public SeriesPost {
        if (ticket <= 0) {
            throw new InvalidStatsException("ticket", "expected a ticket id, got " + ticket);
        }
        Limits.name("name", name, MAX_NAME);
        Limits.matching("unit", unit, UNIT, MAX_UNIT, "a unit such as s, ms, MiB or %");
        points = List.copyOf(points);
        if (points.isEmpty() || points.size() > MAX_POINTS) {
            throw new InvalidStatsException("points", "expected 1 to " + MAX_POINTS + " points, got " + points.size());
        }
        boolean keyed = points.get(0).key() != null;
        Set<String> keys = new HashSet<>();
        for (Point p : points) {
            if ((p.key() != null) != keyed) {
                throw new InvalidStatsException("points", "either every point has a key or none has");
            }
            if (keyed && !keys.add(p.key())) {
                throw new InvalidStatsException("points." + p.key(), "given twice");
            }
        }
    }

    /** One number of a series; {@code key} is null in a plain list. */
    public record Point(String key, double value) {
        public Point {
            if (key != null) {
                Limits.name("points", key, MAX_NAME);
            }
            if (!Double.isFinite(value)) {
                throw new InvalidStatsException(key == null ? "points" : "points." + key, "not a finite number");
            }
        }
    }
}
