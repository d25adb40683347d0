package io.lrp4j.cli;

import io.lrp4j.api.Param;
import java.io.PrintWriter;
import java.util.List;

/**
 * One rule or composite as {@code ./lrp rules} and {@code ./lrp composites} print it.
 *
 * @param name the canonical name
 * @param aliases other names
 * @param summary one line
 * @param facts extra labelled lines, e.g. {@code serves: linear}
 * @param parameters the parameters
 * @param reference the paper, or empty
 * @param source the jar or folder it came from
 */
record CatalogEntry(String name, List<String> aliases, String summary, List<String> facts, List<Param<?>> parameters,
        String reference, String source) {

    void print(PrintWriter out) {
        out.println(name + (aliases.isEmpty() ? "" : "  (aliases: " + String.join(", ", aliases) + ")"));
        out.println("  " + summary);
        facts.forEach(f -> out.println("  " + f));
        parameters.forEach(p -> out.println("  param " + p.describe()));
        if (!reference.isEmpty()) {
            out.println("  reference: " + reference);
        }
        out.println("  from: " + source);
    }
}
