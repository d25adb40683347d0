package io.lrp4j.cli.demo;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.Explanation;
import io.lrp4j.engine.heatmap.TextHeatmaps;
import io.lrp4j.engine.io.OutputFile;
import io.lrp4j.engine.registry.RuleRegistry;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code lrp demo text}: the shipped LSTM classifies Debian package descriptions by section, and epsilon LRP (Arras
 * et al.'s 0.001) colours each description's words by how much they spoke for the predicted section, on one HTML page.
 */
public final class TextDemo {
    /** The rule, as Arras et al. explain LSTMs on text. */
    public static final String RULE = "epsilon(epsilon=0.001)";

    private TextDemo() {
    }

    /** Explains {@code count} shipped test descriptions, one of each section first; returns the page's path. */
    public static Path run(Path dir, int count, RuleRegistry registry, PrintWriter out) {
        MultiLayerNetwork net = TextModel.model();
        List<String> vocab = TextModel.vocabulary();
        INDArray ids = TextModel.testIds();
        long[] labels = TextModel.testLabels().toLongVector();
        Explanation all = Explainer.forModel(net).registry(registry).rule(RULE).build().explain(ids);
        long[] predicted = all.targets().toLongVector();
        long correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += labels[i] == predicted[i] ? 1 : 0;
        }
        out.printf(Locale.ROOT, "%d shipped test descriptions, %d classified right (%.1f%%)%n", labels.length, correct,
                100.0 * correct / labels.length);
        int[] chosen = DemoImages.pickIndices(labels, count);
        INDArray scores = all.targetScores();
        List<TextHeatmaps.Document> docs = new ArrayList<>();
        for (int row : chosen) {
            double[] relevance = all.relevance().getRow(row).dup().toDoubleVector();
            double[] tokenIds = ids.getRow(row).dup().toDoubleVector();
            List<String> words = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int t = 0; t < tokenIds.length; t++) {
                if (tokenIds[t] != 0) {
                    words.add(vocab.get((int) tokenIds[t]));
                    values.add(relevance[t]);
                }
            }
            String heading = String.format(Locale.ROOT, "true: %s, predicted: %s, score %.3g",
                    DebianDescriptions.SECTIONS.get((int) labels[row]),
                    DebianDescriptions.SECTIONS.get((int) predicted[row]), scores.getDouble(row));
            docs.add(new TextHeatmaps.Document(heading, words, values.stream().mapToDouble(Double::doubleValue)
                    .toArray()));
            out.println(heading + ": " + String.join(" ", words.subList(0, Math.min(8, words.size()))) + " ...");
        }
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new io.lrp4j.engine.ExplainException("cannot create " + dir + ": "
                    + io.lrp4j.engine.io.IoReasons.of(e, dir), e);
        }
        Path page = dir.resolve("index.html");
        String html = TextHeatmaps.html("lrp4j text demo: Debian package descriptions by section ("
                + String.join(", ", DebianDescriptions.SECTIONS) + "), " + RULE, docs);
        OutputFile.write(page, o -> o.write(html.getBytes(StandardCharsets.UTF_8)));
        return page;
    }
}
