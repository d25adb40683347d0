package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./lrp} runs a jar whose manifest lists its dependencies relative to the jar ({@code lib/...}). Rule
 * discovery must work there too, not only on the flat classpath of the tests.
 */
class LauncherTest {
    @TempDir
    Path tmp;

    @Test
    void rulesAreFoundThroughARelativeManifestClassPath() throws Exception {
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String element : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(element);
            if (!Files.exists(source)) {
                continue;
            }
            boolean dir = Files.isDirectory(source);
            String name = (n++) + "-" + source.getFileName();
            Files.createSymbolicLink(lib.resolve(name), source.toAbsolutePath());
            entries.add("lib/" + name + (dir ? "/" : ""));
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", entries));
        Path jar = tmp.resolve("launcher.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar.toString(), Main.class.getName(), "rules").directory(tmp.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        long listed = out.lines().filter(l -> l.startsWith("  from: ")).count();
        assertTrue(listed >= 14, "every built-in rule is found; got " + listed + ":\n" + out + err);
    }
}
