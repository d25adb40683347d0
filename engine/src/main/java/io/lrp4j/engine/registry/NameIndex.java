package io.lrp4j.engine.registry;

import io.lrp4j.engine.ExplainException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Names and aliases, compared ignoring case, that refuse a second owner and suggest near misses.
 *
 * @param <T> what a name points to
 */
final class NameIndex<T> {
    private final String what;
    private final Map<String, T> byKey = new LinkedHashMap<>();
    private final Map<String, String> owners = new LinkedHashMap<>();

    NameIndex(String what) {
        this.what = what;
    }

    void put(String name, T value, Class<?> owner) {
        String key = key(name);
        String previous = owners.get(key);
        if (previous != null && !previous.equals(owner.getName())) {
            throw new ExplainException(what + " name '" + name + "' is claimed by both " + previous + " and "
                    + owner.getName());
        }
        owners.put(key, owner.getName());
        byKey.put(key, value);
    }

    T get(String name) {
        return byKey.get(key(name));
    }

    /** Up to three known names closest to {@code name}. */
    List<String> nearest(String name) {
        String k = key(name);
        List<String> candidates = new ArrayList<>(byKey.keySet());
        candidates.removeIf(c -> distance(c, k) > Math.max(2, k.length() / 3) && !c.startsWith(k) && !k.startsWith(c));
        candidates.sort(Comparator.comparingInt((String c) -> distance(c, k)).thenComparing(c -> c));
        return candidates.subList(0, Math.min(3, candidates.size()));
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
