package dev.stepwise.flowfile;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/** Checks that an object of a flow file has only the keys its section allows. */
final class Keys {

    private Keys() {}

    /** Records a problem for each key of {@code object} not in {@code allowed}; false if {@code object} is no object. */
    static boolean check(Source source, List<Problem> problems, String pointer, JsonNode object, Set<String> allowed) {
        if (object == null || !object.isObject()) {
            problems.add(source.at(pointer, "must be a mapping of keys to values"));
            return false;
        }
        for (String key : object.propertyNames()) {
            if (!allowed.contains(key)) {
                problems.add(source.atKey(
                        pointer + "/" + key,
                        "unknown key '" + key + "' (allowed here: " + String.join(", ", new TreeSet<>(allowed)) + ")"));
            }
        }
        return true;
    }
}
