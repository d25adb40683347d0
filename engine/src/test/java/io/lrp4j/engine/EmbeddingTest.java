package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * Token relevance: an embedding model explains exactly what the same recurrent network explains when it is given the
 * embedded vectors, summed over the embedding dimension.
 */
class EmbeddingTest {
    private static final int VOCAB = 20;
    private static final int DIM = 5;
    private static final int STEPS = 6;

    private static MultiLayerNetwork net(boolean embedding, long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed)
                .dataType(DataType.FLOAT).list();
        if (embedding) {
            list.layer(new EmbeddingSequenceLayer.Builder().nIn(VOCAB).nOut(DIM).inputLength(STEPS).build());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list
                .layer(new LastTimeStep(new LSTM.Builder().nIn(DIM).nOut(6).activation(Activation.TANH).build()))
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(6).nOut(3).activation(Activation.IDENTITY)
                        .build())
                .build());
        net.init();
        Nd4j.getRandom().setSeed(seed);
        net.params().assign(Nd4j.randn(DataType.FLOAT, net.params().shape()).muli(0.5));
        return net;
    }

    @Test
    void tokenRelevanceIsTheRelevanceOfTheEmbeddedVectorsSummed() {
        MultiLayerNetwork text = net(true, 81);
        MultiLayerNetwork vectors = net(false, 81);
        // The same LSTM and output layer: copy their parameters over, past the embedding's W.
        INDArray w = text.getLayer(0).getParam("W");
        INDArray all = text.params().reshape(text.params().length());
        vectors.params().assign(all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(w.length(), all.length()))
                .reshape(vectors.params().shape()));
        INDArray ids = Nd4j.createFromArray(new int[][] {{3, 7, 7, 0, 19, 4}, {12, 1, 5, 5, 9, 2}});
        INDArray embedded = Nd4j.stack(2, rowsOf(w, ids, 0), rowsOf(w, ids, 1), rowsOf(w, ids, 2), rowsOf(w, ids, 3),
                rowsOf(w, ids, 4), rowsOf(w, ids, 5));
        Approx.assertClose(vectors.output(embedded), text.output(ids.castTo(DataType.FLOAT)), 1e-5, "same network");
        for (Method method : List.of(Method.LRP, Method.GRADIENT, Method.GRADIENT_X_INPUT)) {
            Explainer.Builder a = Explainer.forModel(text).method(method);
            Explainer.Builder b = Explainer.forModel(vectors).method(method);
            if (method == Method.LRP) {
                a.rule("epsilon(epsilon=0.001)");
                b.rule("epsilon(epsilon=0.001)");
            }
            INDArray tokens = a.build().explain(ids, Target.index(1)).relevance();
            assertArrayEquals(ids.shape(), tokens.shape(), "one relevance per token");
            INDArray perVector = b.build().explain(embedded, Target.index(1)).relevance();
            Approx.assertClose(perVector.sum(1), tokens, 1e-5, method.label());
        }
    }

    /**
     * With a bias, each dimension of a token's vector keeps the lookup's share of it, {@code W[id, j] / (W[id, j] +
     * b_j)} (stabilized), of the relevance the vector's dimension received; gradient x input multiplies by the whole vector.
     */
    @Test
    void withABiasATokenKeepsItsLookupsShare() {
        MultiLayerNetwork text = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(83)
                .dataType(DataType.DOUBLE).list()
                .layer(new EmbeddingSequenceLayer.Builder().nIn(VOCAB).nOut(DIM).inputLength(STEPS).hasBias(true)
                        .build())
                .layer(new LastTimeStep(new LSTM.Builder().nIn(DIM).nOut(6).activation(Activation.TANH).build()))
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(6).nOut(3).activation(Activation.IDENTITY)
                        .build())
                .build());
        text.init();
        Nd4j.getRandom().setSeed(84);
        text.params().assign(Nd4j.randn(DataType.DOUBLE, text.params().shape()).muli(0.5));
        INDArray ids = Nd4j.createFromArray(new int[][] {{3, 7, 7, 0, 19, 4}}).castTo(DataType.DOUBLE);
        INDArray w = text.getLayer(0).getParam("W");
        INDArray b = text.getLayer(0).getParam("b").reshape(1, DIM);
        for (Method method : List.of(Method.LRP, Method.GRADIENT_X_INPUT)) {
            Explainer.Builder builder = Explainer.forModel(text).method(method);
            if (method == Method.LRP) {
                builder.rule("epsilon(epsilon=0.001)");
            }
            Explanation e = builder.build().explain(ids, Target.index(1), true);
            INDArray atVectors = e.stages().get(1).relevance();
            for (int t = 0; t < STEPS; t++) {
                INDArray looked = w.getRow(ids.getInt(0, t)).reshape(1, DIM);
                INDArray vector = looked.add(b);
                INDArray r = atVectors.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(t))
                        .reshape(1, DIM);
                // s(z) = z + 1e-6 sign(z): the stabilizer every share uses.
                double expected = method == Method.LRP
                        ? looked.mul(io.lrp4j.api.Stabilizer.divide(r, vector, 1e-6)).sumNumber().doubleValue()
                        : vector.mul(r).sumNumber().doubleValue();
                assertEquals(expected, e.relevance().getDouble(0, t), 1e-9 * Math.max(1, Math.abs(expected)),
                        method.label() + " at step " + t);
            }
        }
    }

    /** Each row's embedding at step {@code t}, {@code [rows, DIM]}. */
    private static INDArray rowsOf(INDArray w, INDArray ids, int t) {
        return Nd4j.pullRows(w, 1, new int[] {ids.getInt(0, t), ids.getInt(1, t)});
    }

    @Test
    void idsOutsideTheVocabularyAndFractionsAreRefused() {
        Explainer e = Explainer.forModel(net(true, 82)).rule("epsilon").build();
        ExplainException out = assertThrows(ExplainException.class,
                () -> e.explain(Nd4j.createFromArray(new int[][] {{1, 2, 3, 4, 5, 20}})));
        assertTrue(out.getMessage().contains("token ids from 1 to 20 do not fit"), out.getMessage());
        assertTrue(out.getMessage().contains("whose vocabulary has 20 tokens (0 to 19)"), out.getMessage());
        ExplainException frac = assertThrows(ExplainException.class,
                () -> e.explain(Nd4j.rand(DataType.FLOAT, 1, STEPS)));
        assertTrue(frac.getMessage().contains("reads token ids, and the input holds fractions"), frac.getMessage());
    }
}
