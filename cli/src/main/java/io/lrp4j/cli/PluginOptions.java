package io.lrp4j.cli;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.registry.RegisteredComposite;
import io.lrp4j.engine.registry.RegisteredRule;
import io.lrp4j.engine.registry.RuleRegistry;
import io.lrp4j.api.Rule;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;

/**
 * The rule registry of a command, with the jars named in {@code LRP_PLUGINS} checked: the launcher puts them on the
 * classpath, where a missing file, a file that is not a jar or a jar that declares no rules would otherwise vanish
 * without a word. Each gets a warning line, or an error with {@code --strict-plugins}; an unknown rule or composite
 * later names them too ({@link #failedSuffix()}).
 */
public final class PluginOptions {
    /** The variable the launcher reads, a {@code :}-separated list of jars. */
    static final String VARIABLE = "LRP_PLUGINS";
    /** What the last check found wrong, for the unknown-name message. */
    private static volatile List<String> failed = List.of();

    @Option(names = "--strict-plugins",
            description = "Refuse to run when a jar in " + VARIABLE + " is missing, not a jar or declares no rules.")
    boolean strict;

    /**
     * Scans the classpath for rules and checks the plugin jars against what it found.
     *
     * @param err where warnings go
     * @throws ExplainException with {@code --strict-plugins}, for the first plugin that failed
     */
    RuleRegistry scan(PrintWriter err) {
        RuleRegistry registry = RuleRegistry.scan();
        List<String> problems = problems(System.getenv(VARIABLE), registry);
        failed = problems;
        if (!problems.isEmpty() && strict) {
            throw new ExplainException("plugin " + problems.get(0) + " (" + VARIABLE + "; --strict-plugins)");
        }
        for (String p : problems) {
            err.println("lrp: warning: plugin " + p + "; its rules are not available");
        }
        err.flush();
        return registry;
    }

    /** Each entry of {@code plugins} that did not bring a rule or composite, as {@code path: reason}. */
    static List<String> problems(String plugins, RuleRegistry registry) {
        if (plugins == null || plugins.isBlank()) {
            return List.of();
        }
        Set<String> sources = new HashSet<>();
        registry.rules().stream().map(RegisteredRule::source).forEach(sources::add);
        registry.composites().stream().map(RegisteredComposite::source).forEach(sources::add);
        List<String> problems = new ArrayList<>();
        for (String entry : plugins.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry.trim());
            String reason = reason(path, sources);
            if (reason != null) {
                problems.add(path + ": " + reason);
            }
        }
        return problems;
    }

    private static String reason(Path path, Set<String> sources) {
        if (!Files.exists(path)) {
            return Files.isDirectory(path.toAbsolutePath().getParent()) ? "no such file"
                    : "no such directory " + path.toAbsolutePath().getParent();
        }
        if (!Files.isDirectory(path)) {
            try (JarFile jar = new JarFile(path.toFile())) {
                if (jar.getEntry(Rule.MARKER_RESOURCE) == null) {
                    return "declares no rules (it has no " + Rule.MARKER_RESOURCE + ")";
                }
            } catch (IOException e) {
                return "not a jar";
            }
        }
        try {
            return sources.contains(path.toFile().getCanonicalPath()) ? null : "declares no rules";
        } catch (IOException e) {
            return "cannot be read";
        }
    }

    /** The sentence an unknown-name message ends with when plugins failed, or "" when none did. */
    static String failedSuffix() {
        List<String> f = failed;
        return f.isEmpty() ? "" : "; plugins that failed to load: " + f.stream().collect(Collectors.joining(", "));
    }
}
