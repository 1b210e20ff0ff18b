package dev.stepwise.flow;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How hosts tell a flow's current version from its older ones: versions compare in natural order,
 * runs of digits as numbers and other runs as text, so {@code "10"} is newer than {@code "9"} and
 * {@code "1.10"} newer than {@code "1.9"}. The server, the Spring starter and flow files all use this
 * order; an {@link dev.stepwise.engine.FlowEngine} itself treats the last registered version as
 * current, so register flows {@link #servingOrder in serving order}.
 */
public final class FlowVersions {

    /** Natural order of version strings; consistent with {@code equals}. */
    public static final Comparator<String> ORDER = FlowVersions::compare;

    private static final Pattern PART = Pattern.compile("\\d+|\\D+");

    private FlowVersions() {}

    /**
     * The flows grouped by id (in order of each id's first appearance) and, within an id, from the
     * oldest version to the newest, so registering them in this order makes the newest current.
     */
    public static List<Flow> servingOrder(Collection<Flow> flows) {
        Map<String, List<Flow>> byId = new LinkedHashMap<>();
        for (Flow flow : flows) {
            byId.computeIfAbsent(flow.id(), id -> new ArrayList<>()).add(flow);
        }
        List<Flow> ordered = new ArrayList<>(flows.size());
        for (List<Flow> versions : byId.values()) {
            versions.sort(Comparator.comparing(Flow::version, ORDER));
            ordered.addAll(versions);
        }
        return ordered;
    }

    private static int compare(String a, String b) {
        Matcher x = PART.matcher(a);
        Matcher y = PART.matcher(b);
        while (x.find() && y.find()) {
            String p = x.group();
            String q = y.group();
            boolean numbers = Character.isDigit(p.charAt(0)) && Character.isDigit(q.charAt(0));
            int order = numbers ? new BigInteger(p).compareTo(new BigInteger(q)) : p.compareTo(q);
            if (order != 0) {
                return order;
            }
        }
        int byLength = Integer.compare(a.length(), b.length());
        return byLength != 0 ? byLength : a.compareTo(b);
    }
}
