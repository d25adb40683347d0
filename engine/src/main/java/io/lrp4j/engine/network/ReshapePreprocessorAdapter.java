package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import io.lrp4j.engine.ExplainException;

/** {@code CnnToFeedForwardPreProcessor} and {@code FeedForwardToCnnPreProcessor}: pure reshapes. */
public final class ReshapePreprocessorAdapter implements PreprocessorAdapter {
    /** For Guice. */
    @Inject
    public ReshapePreprocessorAdapter() {
    }

    @Override
    public Stage adapt(LayerInfo info, InputPreProcessor preprocessor) {
        if (preprocessor instanceof CnnToFeedForwardPreProcessor cnn && cnn.getFormat() != null
                && cnn.getFormat() != CNN2DFormat.NCHW) {
            throw new ExplainException("the preprocessor of " + info.describe() + " is not supported: only NCHW is");
        }
        if (!(preprocessor instanceof CnnToFeedForwardPreProcessor)
                && !(preprocessor instanceof FeedForwardToCnnPreProcessor)) {
            throw new ExplainException("the preprocessor of " + info.describe() + " ("
                    + preprocessor.getClass().getSimpleName() + ") is not supported");
        }
        return new ReshapeStage(info, preprocessor);
    }
}
