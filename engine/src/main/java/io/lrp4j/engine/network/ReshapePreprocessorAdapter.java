package io.lrp4j.engine.network;

import io.lrp4j.engine.ExplainException;
import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code CnnToFeedForwardPreProcessor} (NCHW or NHWC: DL4J's own reshape either way) and
 * {@code FeedForwardToCnnPreProcessor}: pure reshapes; and
 * {@code RnnToFeedForwardPreProcessor} where what reaches it is already one vector per row (after a global pooling
 * over time), which DL4J passes through unchanged.
 */
public final class ReshapePreprocessorAdapter implements PreprocessorAdapter {
    /** For Guice. */
    @Inject
    public ReshapePreprocessorAdapter() {
    }

    @Override
    public Stage adapt(LayerInfo info, InputPreProcessor preprocessor) {
        if (preprocessor instanceof RnnToFeedForwardPreProcessor) {
            return new ReshapeStage(info, preprocessor) {
                @Override
                public INDArray forward(INDArray input) {
                    if (input.rank() != 2) {
                        throw new ExplainException(info.describe() + " reads every time step on its own"
                                + " (RnnToFeedForwardPreProcessor), which lrp4j does not explain yet; end the sequence"
                                + " before it with LastTimeStep or a global pooling layer");
                    }
                    // A copy, not the same array: the engine frees each stage's output on its own.
                    return input.dup();
                }

                @Override
                public INDArray backward(INDArray input, INDArray upper) {
                    // Not the preprocessor's backprop, which makes a vector a sequence of one step.
                    return upper;
                }
            };
        }
        if (!(preprocessor instanceof CnnToFeedForwardPreProcessor)
                && !(preprocessor instanceof FeedForwardToCnnPreProcessor)) {
            throw new ExplainException("the preprocessor of " + info.describe() + " ("
                    + preprocessor.getClass().getSimpleName() + ") is not supported");
        }
        return new ReshapeStage(info, preprocessor);
    }
}
