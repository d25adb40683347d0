package io.lrp4j.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The values of a rule's or composite's parameters, every one set (explicitly or by default) and checked.
 * Immutable.
 */
public final class Arguments {
    private final Map<String, Object> values;

    private Arguments(Map<String, Object> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * Binds raw {@code key=value} text to declared parameters, filling in defaults.
     *
     * @param owner what the parameters belong to, for messages, e.g. {@code rule 'epsilon'}
     * @throws SpecException for an unknown key, an ill-typed or out-of-range value, or a missing required value;
     *     the message lists the owner's parameters
     */
    public static Arguments bind(String owner, List<Param<?>> params, Map<String, String> raw) {
        Map<String, Param<?>> byName = new LinkedHashMap<>();
        for (Param<?> p : params) {
            byName.put(p.name(), p);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : raw.entrySet()) {
            Param<?> p = byName.get(e.getKey());
            if (p == null) {
                throw new SpecException(owner + " has no parameter '" + e.getKey() + "'; " + listing(params));
            }
            try {
                values.put(p.name(), p.parse(e.getValue()));
            } catch (SpecException ex) {
                throw new SpecException(owner + ": " + ex.getMessage() + "; " + listing(params));
            }
        }
        List<String> missing = new ArrayList<>();
        for (Param<?> p : params) {
            if (!values.containsKey(p.name())) {
                if (p.required()) {
                    missing.add(p.name());
                } else {
                    values.put(p.name(), p.defaultValue());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new SpecException(owner + " needs " + String.join(", ", missing) + "; " + listing(params));
        }
        // Keep declaration order so that printed provenance reads the same way every time.
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (Param<?> p : params) {
            ordered.put(p.name(), values.get(p.name()));
        }
        return new Arguments(ordered);
    }

    /** Arguments of something that takes no parameters. */
    public static Arguments none() {
        return new Arguments(new LinkedHashMap<>());
    }

    private static String listing(List<Param<?>> params) {
        if (params.isEmpty()) {
            return "it takes no parameters";
        }
        return "its parameters are: " + params.stream().map(p -> p.name() + " (" + p.typeName()
                + (p.required() ? ", required" : ", default " + p.defaultValue()) + ")")
                .collect(Collectors.joining(", "));
    }

    /**
     * The value of a declared parameter.
     *
     * @throws IllegalArgumentException when the parameter was not declared by the owner of these arguments
     */
    public <T> T get(Param<T> param) {
        Object v = values.get(param.name());
        if (v == null) {
            throw new IllegalArgumentException("parameter '" + param.name() + "' was not declared");
        }
        return param.type().cast(v);
    }

    /** All values by name, in declaration order. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** {@code key=value,...} in declaration order; empty when there are no parameters. */
    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Arguments a && a.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
