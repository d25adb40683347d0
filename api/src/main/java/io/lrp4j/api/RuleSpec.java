package io.lrp4j.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A rule or composite as the user wrote it: a name and raw {@code key=value} parameters, for example
 * {@code epsilon(epsilon=0.25)}, {@code z+} or {@code zB(low=0,high=1)}. Parsing checks only the form; the
 * registry checks the name and the values.
 *
 * @param name the name as written
 * @param raw the parameters as written, in order
 */
public record RuleSpec(String name, Map<String, String> raw) {

    /** A spec with a name and raw parameters. */
    public RuleSpec {
        raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    /**
     * Parses {@code name} or {@code name(key=value,...)}.
     *
     * @throws SpecException when the text is not of that form
     */
    public static RuleSpec parse(String text) {
        String t = text.trim();
        if (t.isEmpty()) {
            throw new SpecException("empty rule spec");
        }
        int open = t.indexOf('(');
        if (open < 0) {
            if (t.indexOf(')') >= 0 || t.indexOf('=') >= 0 || t.indexOf(',') >= 0) {
                throw new SpecException("cannot read '" + text + "'; write name or name(key=value,...)");
            }
            return new RuleSpec(t, Map.of());
        }
        if (!t.endsWith(")") || t.indexOf(')') != t.length() - 1) {
            throw new SpecException("cannot read '" + text + "': a spec ends with one ')'; write name(key=value,...)");
        }
        String name = t.substring(0, open).trim();
        if (name.isEmpty()) {
            throw new SpecException("cannot read '" + text + "': the name before '(' is missing");
        }
        String body = t.substring(open + 1, t.length() - 1).trim();
        Map<String, String> raw = new LinkedHashMap<>();
        if (!body.isEmpty()) {
            for (String part : body.split(",", -1)) {
                int eq = part.indexOf('=');
                if (eq <= 0 || eq == part.length() - 1) {
                    throw new SpecException("cannot read '" + part.trim() + "' in '" + text
                            + "': parameters are written key=value");
                }
                String key = part.substring(0, eq).trim();
                if (raw.put(key, part.substring(eq + 1).trim()) != null) {
                    throw new SpecException("parameter '" + key + "' is given twice in '" + text + "'");
                }
            }
        }
        return new RuleSpec(name, raw);
    }

    @Override
    public String toString() {
        if (raw.isEmpty()) {
            return name;
        }
        return name + raw.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(",", "(", ")"));
    }
}
