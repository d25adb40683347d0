package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.io.ModelFiles;
import io.lrp4j.engine.io.Npy;
import io.lrp4j.engine.registry.RuleRegistry;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The third-party path for real: the built rules-contrib jar, which is not on this test's classpath, is put next to
 * the engine on a fresh JVM's classpath; its rules must then be listed, usable by name, and give what the Java API
 * gives with the same jar.
 */
class ContribJarTest {
    static Path contribJar;

    @TempDir
    Path tmp;

    @BeforeAll
    static void findTheJar() {
        contribJar = Path.of(System.getProperty("lrp4j.contrib.jar", "rules-contrib jar not configured"));
        assertTrue(Files.isRegularFile(contribJar), "build rules-contrib first (mvn verify does): " + contribJar);
    }

    @Test
    void theContribRulesAreNotOnThisClasspath() {
        assertTrue(RuleRegistry.scan().rules().stream().noneMatch(r -> r.name().equals("epsilon-even")));
    }

    record Run(int code, String out, String err) {
    }

    static Run lrp(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path") + File.pathSeparator + contribJar,
                Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void contribRulesAreListedWithTheJarTheyCameFrom() throws Exception {
        Run r = lrp("rules");
        assertEquals(0, r.code(), r.err());
        for (String name : List.of("epsilon-std", "epsilon-even", "deeplift-rescale")) {
            assertTrue(r.out().contains("\n" + name), name + " listed");
        }
        assertTrue(r.out().contains("from: " + contribJar.toFile().getCanonicalPath())
                || r.out().contains("from: " + contribJar), r.out());
        assertTrue(r.out().contains("from: ") && r.out().contains("rules-builtin"), "built-ins are still there");
    }

    @Test
    void theCommandLineAndTheJavaApiAgreeOnAContribRule() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        Path out = tmp.resolve("r.npy");
        Run r = lrp("explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--out", out.toString(), "--rule", "conv=epsilon-even",
                "--rule", "dense=deeplift-rescale(reference=0.1)");
        assertEquals(0, r.code(), r.err());
        try (URLClassLoader withContrib = new URLClassLoader(new URL[] {contribJar.toUri().toURL()},
                getClass().getClassLoader())) {
            INDArray viaApi = Explainer.forModel(ModelFiles.load(dir.resolve("model.zip")))
                    .registry(RuleRegistry.scan(withContrib))
                    .rule("conv=epsilon-even").rule("dense=deeplift-rescale(reference=0.1)").build()
                    .explain(Npy.read(dir.resolve("input.npy"))).relevance();
            assertEquals(viaApi, Npy.read(out));
        }
    }
}
