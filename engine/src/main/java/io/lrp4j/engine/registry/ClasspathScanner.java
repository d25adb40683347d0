package io.lrp4j.engine.registry;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import io.lrp4j.api.Composite;
import io.lrp4j.api.Rule;
import io.lrp4j.engine.ExplainException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds {@code @Rule} and {@code @Composite} classes. Only jars and folders that carry the marker resource
 * {@value Rule#MARKER_RESOURCE} are scanned, and only in the packages it lists, so the large native jars of ND4J
 * are never walked. Classes are loaded inside the scan, so nothing of ClassGraph outlives it.
 */
final class ClasspathScanner {
    /**
     * A discovered class and where it came from.
     *
     * @param type the annotated class
     * @param source the jar or folder it was found in
     */
    record Found(Class<?> type, String source) {
    }

    /**
     * Everything found.
     *
     * @param rules classes annotated {@code @Rule}
     * @param composites classes annotated {@code @Composite}
     * @param packages the packages the markers listed
     */
    record Findings(List<Found> rules, List<Found> composites, List<String> packages) {
    }

    private ClasspathScanner() {
    }

    static Findings scan(ClassLoader loader) {
        TreeSet<String> packages = markedPackages(loader);
        if (packages.isEmpty()) {
            return new Findings(List.of(), List.of(), List.of());
        }
        List<Found> rules = new ArrayList<>();
        List<Found> composites = new ArrayList<>();
        try (ScanResult result = new ClassGraph()
                .overrideClassLoaders(loader)
                .acceptClasspathElementsContainingResourcePath(Rule.MARKER_RESOURCE)
                .acceptPackages(packages.toArray(String[]::new))
                .enableAnnotationInfo()
                .scan()) {
            for (ClassInfo info : result.getClassesWithAnnotation(Rule.class.getName())) {
                rules.add(new Found(info.loadClass(), info.getClasspathElementFile().getPath()));
            }
            for (ClassInfo info : result.getClassesWithAnnotation(Composite.class.getName())) {
                composites.add(new Found(info.loadClass(), info.getClasspathElementFile().getPath()));
            }
        }
        return new Findings(rules, composites, List.copyOf(packages));
    }

    private static TreeSet<String> markedPackages(ClassLoader loader) {
        TreeSet<String> packages = new TreeSet<>();
        try {
            for (URL url : Collections.list(loader.getResources(Rule.MARKER_RESOURCE))) {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    in.lines().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                            .forEach(packages::add);
                }
            }
        } catch (IOException e) {
            throw new ExplainException("cannot read the rule markers " + Rule.MARKER_RESOURCE + ": " + e.getMessage(),
                    e);
        }
        return packages;
    }
}
