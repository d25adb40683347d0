package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.registry.RuleRegistry;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins named in LRP_PLUGINS that bring no rules are reported, never silently dropped. */
class PluginOptionsTest {
    @TempDir
    Path tmp;

    private Path emptyJar() throws Exception {
        Path jar = tmp.resolve("empty.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(jar), new Manifest())) {
            out.flush();
        }
        return jar;
    }

    @Test
    void eachKindOfBrokenPluginIsNamedWithItsReason() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "not a jar");
        List<String> problems = PluginOptions.problems(String.join(":", tmp.resolve("missing.jar").toString(),
                text.toString(), emptyJar().toString(), tmp.resolve("no/dir.jar").toString()), RuleRegistry.scan());
        assertEquals(List.of(tmp.resolve("missing.jar") + ": no such file", text + ": not a jar",
                tmp.resolve("empty.jar") + ": declares no rules (it has no META-INF/lrp4j/rules)",
                tmp.resolve("no/dir.jar") + ": no such directory " + tmp.resolve("no")), problems);
        assertEquals(List.of(), PluginOptions.problems("", RuleRegistry.scan()));
        assertEquals(List.of(), PluginOptions.problems(null, RuleRegistry.scan()));
    }

    record Run(int code, String out, String err) {
    }

    private Run lrp(String plugins, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put(PluginOptions.VARIABLE, plugins);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void aMissingPluginWarnsFailsWhenStrictAndExplainsAnUnknownRule() throws Exception {
        String missing = tmp.resolve("my-rules.jar").toString();
        Run listed = lrp(missing, "rules");
        assertEquals(0, listed.code(), listed.err());
        assertEquals("lrp: warning: plugin " + missing + ": no such file; its rules are not available",
                listed.err().strip());
        Run strict = lrp(missing, "rules", "--strict-plugins");
        assertEquals(2, strict.code());
        assertEquals("lrp: plugin " + missing + ": no such file (LRP_PLUGINS; --strict-plugins)", strict.err().strip());
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        Run unknown = lrp(missing, "explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--out", tmp.resolve("r.npy").toString(), "--rule", "my-rule");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown rule 'my-rule'") && unknown.err().contains(
                "plugins that failed to load: " + missing + ": no such file"), unknown.err());
        assertFalse(unknown.err().contains("\tat "), unknown.err());
    }
}
