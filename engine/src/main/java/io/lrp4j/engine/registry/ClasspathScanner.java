package io.lrp4j.engine.registry;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;
import io.lrp4j.api.Composite;
import io.lrp4j.api.Rule;
import io.lrp4j.engine.ExplainException;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        TreeSet<String> packages = new TreeSet<>();
        Set<String> markedElements = new HashSet<>();
        readMarkers(loader, packages, markedElements);
        if (packages.isEmpty()) {
            return new Findings(List.of(), List.of(), List.of());
        }
        List<Found> rules = new ArrayList<>();
        List<Found> composites = new ArrayList<>();
        // Exactly the jars and folders the markers came from: nothing else is opened, whatever the classpath holds
        // (native jars, manifest Class-Path chains).
        try (ScanResult result = new ClassGraph()
                .overrideClasspath(markedElements)
                .acceptPackages(packages.toArray(String[]::new))
                .disableModuleScanning()
                .disableNestedJarScanning()
                .enableAnnotationInfo()
                .scan()) {
            for (ClassInfo info : result.getClassesWithAnnotation(Rule.class.getName())) {
                rules.add(new Found(load(info, loader), info.getClasspathElementFile().getPath()));
            }
            for (ClassInfo info : result.getClassesWithAnnotation(Composite.class.getName())) {
                composites.add(new Found(load(info, loader), info.getClasspathElementFile().getPath()));
            }
        }
        return new Findings(rules, composites, List.copyOf(packages));
    }

    /** Reads every marker: the packages it lists, and the jar or folder it sits in. */
    private static void readMarkers(ClassLoader loader, Set<String> packages, Set<String> elements) {
        try {
            for (URL url : Collections.list(loader.getResources(Rule.MARKER_RESOURCE))) {
                elements.add(canonical(elementOf(url)));
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
    }

    /** The jar or folder a marker URL points into. */
    private static String elementOf(URL marker) {
        String text = marker.toString();
        if (text.startsWith("jar:")) {
            text = text.substring(4, text.indexOf("!/"));
        } else {
            text = text.substring(0, text.length() - Rule.MARKER_RESOURCE.length());
        }
        try {
            return new File(new URI(text)).getPath();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return text;
        }
    }

    /** Loads a found class through the caller's loader, so it shares the api's annotation types. */
    private static Class<?> load(ClassInfo info, ClassLoader loader) {
        try {
            return Class.forName(info.getName(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ExplainException("the rule class " + info.getName() + " from " + info.getClasspathElementFile()
                    + " cannot be loaded: " + e, e);
        }
    }

    private static String canonical(String path) {
        try {
            return new File(path).getCanonicalPath();
        } catch (IOException e) {
            return new File(path).getAbsolutePath();
        }
    }
}
