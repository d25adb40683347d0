package io.lrp4j.cli.demo;

import io.lrp4j.engine.ExplainException;
import io.lrp4j.engine.io.Npy;
import io.lrp4j.engine.io.OutputFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The text demo's LSTM classifier of Debian package descriptions ({@link DebianDescriptions}): an embedding of the
 * vocabulary, an LSTM read to the last word, the sections' scores. Its files ship beside the image demo's.
 */
public final class TextModel {
    /** The model's file. */
    public static final String MODEL = "debian-lstm.zip";
    /** The vocabulary, one token a line. */
    public static final String VOCAB = "debian-vocab.txt";
    /** Token ids of the test documents shipped, {@code [N, LENGTH]}. */
    public static final String TEST_IDS = "debian-test-ids.npy";
    /** Their sections, {@code [N]}. */
    public static final String TEST_LABELS = "debian-test-labels.npy";
    /** Words in the vocabulary, padding and unknown included. */
    public static final int VOCABULARY = 3000;

    private TextModel() {
    }

    /** The network, untrained. */
    public static MultiLayerConfiguration configuration(long seed) {
        return DemoKind.recurrentTraining(seed)
                .layer(new EmbeddingSequenceLayer.Builder().nIn(VOCABULARY).nOut(32)
                        .inputLength(DebianDescriptions.LENGTH).build())
                .layer(new LastTimeStep(new LSTM.Builder().nIn(32).nOut(64).activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID).build()))
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(64).nOut(DebianDescriptions.SECTIONS.size())
                        .activation(Activation.SOFTMAX).build())
                .build();
    }

    /** Writes the model, the vocabulary and the test documents to {@code dir}. */
    public static void write(Path dir, MultiLayerNetwork net, List<String> vocab, INDArray ids, INDArray labels) {
        OutputFile.write(dir.resolve(MODEL), out -> ModelSerializer.writeModel(net, out, false));
        OutputFile.write(dir.resolve(VOCAB), out -> out.write((String.join("\n", vocab) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        Npy.write(dir.resolve(TEST_IDS), ids);
        Npy.write(dir.resolve(TEST_LABELS), labels.castTo(DataType.FLOAT));
    }

    /** The shipped model. */
    public static MultiLayerNetwork model() {
        try (InputStream in = ShippedDemo.resource(MODEL)) {
            return ModelSerializer.restoreMultiLayerNetwork(in, false);
        } catch (IOException e) {
            throw new ExplainException("cannot read the shipped text model: " + e.getMessage(), e);
        }
    }

    /** The shipped vocabulary. */
    public static List<String> vocabulary() {
        return new String(Idx.readAll(ShippedDemo.resource(VOCAB), VOCAB), StandardCharsets.UTF_8).lines().toList();
    }

    /** The shipped test documents' token ids. */
    public static INDArray testIds() {
        return Npy.parse(TEST_IDS, Idx.readAll(ShippedDemo.resource(TEST_IDS), TEST_IDS));
    }

    /** The shipped test documents' sections. */
    public static INDArray testLabels() {
        return Npy.parse(TEST_LABELS, Idx.readAll(ShippedDemo.resource(TEST_LABELS), TEST_LABELS))
                .castTo(DataType.INT64);
    }
}
