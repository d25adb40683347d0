package io.lrp4j.engine.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lrp4j.api.ActivationView;
import io.lrp4j.api.LinearView;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A view hands its recorded output over to a rule once: the recorded array itself when the engine says nothing else
 * reads it, a copy otherwise, and reading the output after that fails on either.
 */
class RecordedOutputHandoverTest {
    private static final LayerInfo LAYER = new LayerInfo(0, "test", "test");

    private static LinearStage dense() {
        INDArray w = Nd4j.rand(DataType.FLOAT, 3, 4).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, 4);
        return new LinearStage(LAYER, StageKind.DENSE, new DenseMap(3), w, b);
    }

    @Test
    void aFreeOutputIsHandedOverItselfAndThenCannotBeRead() {
        LinearStage stage = dense();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3);
        INDArray z = stage.forward(x);
        LinearView view = stage.view(x, z, true);
        assertSame(z, view.takeOutput());
        assertThrows(IllegalStateException.class, view::output);
        assertThrows(IllegalStateException.class, view::outputWithoutBias);
        assertThrows(IllegalStateException.class, view::takeOutput);
    }

    @Test
    void aReleasedFreeOutputHoldsTheNextProductOfItsShape() {
        LinearStage stage = dense();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3);
        Scratch.releaseKept();
        INDArray z = stage.forward(x);
        Scratch.recordActivations(java.util.List.of(z));
        try {
            LinearView view = stage.view(x, z, true);
            view.releaseOutput();
            assertThrows(IllegalStateException.class, view::output);
            INDArray product = view.forward(x, stage.weight(), null);
            assertEquals(Buffers.base(z), Buffers.base(product), "the product reuses z's memory");
            assertEquals(x.mmul(stage.weight()), product);

            INDArray other = stage.forward(x);
            LinearView held = stage.view(x, other, false);
            held.releaseOutput();
            assertThrows(IllegalStateException.class, held::takeOutput);
            assertEquals(x.mmul(stage.weight()).addRowVector(stage.bias()), other, "an output others read stays");
        } finally {
            Scratch.releaseKept();
            Scratch.endCall();
        }
    }

    @Test
    void anOutputOthersStillReadIsHandedOverAsACopyAndStaysAsItWas() {
        LinearStage stage = dense();
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3);
        INDArray z = stage.forward(x);
        INDArray before = z.dup();
        LinearView view = stage.view(x, z, false);
        INDArray taken = view.takeOutput();
        assertNotSame(z, taken);
        assertEquals(before, taken);
        taken.assign(7);
        assertEquals(before, z);
        assertThrows(IllegalStateException.class, view::output, "the same contract whether or not it was a copy");
    }

    @Test
    void theRectifiersBackpropWritesIntoAFreeActivationOnly() {
        ActivationStage stage = new ActivationStage(LAYER, new ActivationReLU());
        INDArray pre = Nd4j.createFromArray(new float[][] {{-1f, 0f, 2f}, {3f, -4f, 5f}});
        INDArray g = Nd4j.createFromArray(new float[][] {{1f, 2f, 3f}, {4f, 5f, 6f}});
        INDArray expected = Nd4j.createFromArray(new float[][] {{0f, 0f, 3f}, {4f, 0f, 6f}});

        INDArray kept = stage.forward(pre);
        INDArray keptBefore = kept.dup();
        ActivationView held = stage.view(pre, kept, false);
        INDArray fresh = held.backprop(g);
        assertNotSame(kept, fresh);
        assertEquals(expected, fresh);
        assertEquals(keptBefore, held.output(), "an activation others read is left alone");

        INDArray free = stage.forward(pre);
        ActivationView done = stage.view(pre, free, true);
        assertSame(free, done.backprop(g));
        assertEquals(expected, free);
        assertThrows(IllegalStateException.class, done::output);
        assertEquals(expected, done.backprop(g), "a second backprop makes an array of its own");
    }
}
