package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * {@code DuplicateToTimeSeriesVertex}, as sequence-to-sequence models use it: a summary of the sequence repeated at
 * every step and read again with the sequence. DL4J's scores, the score's derivative as the gradient (through both
 * paths from the input), and bias-free z+ conservation.
 */
class DuplicateToTimeSeriesTest {
    private static ComputationGraph graph() {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.DOUBLE).activation(Activation.RELU).graphBuilder()
                .addInputs("seq").setInputTypes(InputType.recurrent(3, 6))
                .addVertex("last", new LastTimeStepVertex("seq"), "seq")
                .addLayer("summary", new DenseLayer.Builder().nOut(4).build(), "last")
                .addVertex("repeated", new DuplicateToTimeSeriesVertex("seq"), "summary")
                .addVertex("both", new MergeVertex(), "seq", "repeated")
                .addLayer("rnn", new LastTimeStep(new SimpleRnn.Builder().nOut(5).build()), "both")
                .addLayer("out", new OutputLayer.Builder(LossFunction.MSE).nOut(3).activation(Activation.IDENTITY)
                        .build(), "rnn")
                .setOutputs("out").build());
        g.init();
        Nd4j.getRandom().setSeed(8);
        g.params().assign(Nd4j.rand(DataType.DOUBLE, g.params().shape()).subi(0.3));
        TestNets.zeroBiases(g.getLayers());
        return g;
    }

    @Test
    void aRepeatedSummaryIsExplainedThroughBothPaths() {
        ComputationGraph g = graph();
        Nd4j.getRandom().setSeed(9);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 6);
        Explanation e = Explainer.forModel(g).rule("z+(bias=false)").build().explain(x);
        Approx.assertClose(g.outputSingle(x), e.scores(), 1e-10, "DL4J's scores");
        Approx.assertClose(e.targetScores(), e.relevanceSums(), 1e-5, "z+ conserves");
        INDArray grad = Explainer.forModel(g).method(Method.GRADIENT).build().explain(x, Target.index(0))
                .relevance();
        // The last step feeds the summary too, so its derivative has both paths in it.
        for (long[] at : new long[][] {{0, 1, 5}, {1, 2, 5}, {1, 0, 2}}) {
            double numeric = Approx.derivative(in -> g.outputSingle(in).getDouble(at[0], 0), x, at);
            assertEquals(numeric, grad.getDouble(at), 1e-6 * Math.max(1, Math.abs(numeric)), "the gradient");
        }
    }
}
