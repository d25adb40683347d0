package io.lrp4j.cli;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.heatmap.TextHeatmaps;
import io.lrp4j.engine.io.IoReasons;
import io.lrp4j.engine.io.NpyRowReader;
import io.lrp4j.engine.io.OutputFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.EmbeddingLayer;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code lrp explain --vocab V.txt --html PAGE.html}: token relevance of an embedding model as a text heatmap page,
 * the words read from the vocabulary (one token a line, line {@code k} for id {@code k}).
 */
final class TokenPage {
    private final List<String> vocabulary;

    private TokenPage(List<String> vocabulary) {
        this.vocabulary = vocabulary;
    }

    /**
     * Reads the vocabulary and checks it against the model's embedding.
     *
     * @throws ExplainException when the file cannot be read, or its size is not the embedding's
     */
    static TokenPage open(Path vocab, Model model) {
        List<String> tokens;
        try {
            tokens = Files.readAllLines(vocab, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ExplainException("cannot read " + vocab + ": " + IoReasons.of(e, vocab), e);
        }
        long size = embeddingSize(model);
        if (size < 0) {
            throw new ExplainException("--vocab goes with a model whose first layer is an EmbeddingSequenceLayer or"
                    + " EmbeddingLayer; this one reads no token ids");
        }
        if (tokens.size() != size) {
            throw new ExplainException("--vocab " + vocab + " has " + tokens.size() + " tokens but the model's"
                    + " embedding has " + size + "; give the vocabulary the model was trained with");
        }
        return new TokenPage(tokens);
    }

    /** The vocabulary size of the model's first layer, or -1 when it is no embedding. */
    private static long embeddingSize(Model model) {
        if (!(model instanceof MultiLayerNetwork net)) {
            return -1;
        }
        Layer first = net.getLayerWiseConfigurations().getConf(0).getLayer();
        if (first instanceof EmbeddingSequenceLayer seq) {
            return seq.getNIn();
        }
        return first instanceof EmbeddingLayer emb ? emb.getNIn() : -1;
    }

    /** Writes the page for every row of the token ids and their relevance, both read from their files. */
    void write(Path page, Path ids, Path relevance, ExplainReport report) {
        List<TextHeatmaps.Document> documents = new ArrayList<>();
        try (NpyRowReader tokens = NpyRowReader.open(ids); NpyRowReader values = NpyRowReader.open(relevance)) {
            long rows = tokens.shape()[0];
            for (long from = 0; from < rows; from += 256) {
                int n = (int) Math.min(256, rows - from);
                INDArray block = tokens.read(from, n).castTo(DataType.INT64);
                INDArray r = values.read(from, n).castTo(DataType.DOUBLE);
                long[] targets = report.targets(from, n);
                double[] scores = report.scores(from, n);
                for (int i = 0; i < n; i++) {
                    long[] row = block.getRow(i).dup().reshape(block.size(1)).toLongVector();
                    List<String> words = new ArrayList<>();
                    for (long id : row) {
                        words.add(vocabulary.get((int) id));
                    }
                    documents.add(new TextHeatmaps.Document(String.format(Locale.ROOT, "row %d, class %d, score %.4g",
                            from + i, targets[i], scores[i]), words, r.getRow(i).dup().reshape(r.size(1))
                            .toDoubleVector()));
                }
            }
        }
        String html = TextHeatmaps.html("lrp4j: token relevance", documents);
        OutputFile.write(page, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
    }
}
