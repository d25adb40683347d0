package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.io.ModelFiles;
import io.lrp4j.engine.io.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class CommandsTest {
    @TempDir
    Path tmp;

    static String stdout(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(args, new PrintWriter(out), new PrintWriter(err)), err.toString());
        return out.toString();
    }

    @Test
    void rulesListsEveryBuiltInRuleWithItsFacts() {
        String listing = stdout("rules");
        for (String name : new String[] {"lrp-0", "epsilon", "z+", "alpha-beta", "gamma", "zB", "w2", "flat",
                "pass", "winner-take-all", "proportional", "gradient", "guided-relu", "deconvnet-relu"}) {
            assertTrue(listing.contains("\n" + name) || listing.startsWith(name), name + " in listing");
        }
        assertTrue(listing.contains("param epsilon: real = 1.0E-6 (> 0)"), listing);
        assertTrue(listing.contains("guarantees: CONSERVATION, POSITIVITY"), listing);
        assertTrue(listing.contains("from: ") && listing.contains("rules-builtin"), listing);
    }

    @Test
    void compositesListsEveryBuiltInComposite() {
        String listing = stdout("composites");
        for (String name : new String[] {"epsilon-plus", "epsilon-gamma-box", "epsilon-alpha2-beta1",
                "epsilon-plus-flat", "epsilon-alpha2-beta1-flat", "excitation-backprop", "guided-backprop",
                "deconvnet"}) {
            assertTrue(listing.contains(name + "\n") || listing.contains(name + "  ("), name);
        }
        assertTrue(listing.contains("param low: real (required)"), listing);
    }

    @Test
    void versionAndHelp() {
        assertTrue(stdout("--version").startsWith("lrp4j "));
        String help = stdout("explain", "--help");
        assertTrue(help.contains("Examples:") && help.contains("--composite"), help);
    }

    @Test
    void theCommandLineWritesWhatTheJavaApiComputes() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnnbn");
        Path out = tmp.resolve("r.npy");
        stdout("explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--out", out.toString(), "--rule", "conv=gamma(gamma=0.5)",
                "--rule", "dense=epsilon(epsilon=0.01)", "--target", "1");
        INDArray viaApi = Explainer.forModel(ModelFiles.load(dir.resolve("model.zip")))
                .rule("conv", "gamma(gamma=0.5)").rule("dense", "epsilon(epsilon=0.01)").build()
                .explain(Npy.read(dir.resolve("input.npy")), io.lrp4j.engine.Target.index(1)).relevance();
        assertEquals(viaApi, Npy.read(out));
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void explainDrawsOneHeatmapPerRow() throws Exception {
        Path dir = ReferenceParityTest.referenceDir().resolve("cnn");
        stdout("explain", "--model", dir.resolve("model.zip").toString(), "--input",
                dir.resolve("input.npy").toString(), "--out", tmp.resolve("r.npy").toString(), "--composite",
                "epsilon-plus", "--heatmap", tmp.resolve("h.png").toString());
        for (int row = 0; row < 4; row++) {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(tmp.resolve("h-" + row + ".png").toFile());
            assertEquals(16 * 7, img.getWidth(), "16 pixels enlarged 7 times");
        }
    }
}
