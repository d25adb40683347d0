package io.lrp4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lrp4j.engine.io.Npy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** What the engine warns about reaches the user as a {@code lrp: warning:} line, and the command still succeeds. */
class WarningsTest {
    @TempDir
    Path tmp;

    @Test
    void aLocalResponseNormalizationIsExplainedWithAWarning() throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(2, 2).nOut(4).activation(Activation.RELU).build())
                .layer(new LocalResponseNormalization.Builder().build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(3).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(4, 4, 1)).build());
        net.init();
        Path model = tmp.resolve("lrn.zip");
        ModelSerializer.writeModel(net, model.toFile(), false);
        Path input = tmp.resolve("x.npy");
        Npy.write(input, Nd4j.rand(DataType.FLOAT, 2, 1, 4, 4));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"explain", "--model", model.toString(), "--input", input.toString(), "--out",
            tmp.resolve("r.npy").toString(), "--composite", "epsilon-plus"}, new PrintWriter(out), new PrintWriter(err));
        assertEquals(0, code, err.toString());
        assertEquals("lrp: warning: layer 1 'layer1' (LocalResponseNormalization): relevance passes through it"
                + " unchanged under LRP, as the reference implementations do; gradient methods get its gradient",
                err.toString().strip());
        assertTrue(Files.exists(tmp.resolve("r.npy")));
    }
}
