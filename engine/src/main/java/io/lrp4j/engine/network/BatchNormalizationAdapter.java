package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@code BatchNormalization} at inference is an affine map per channel, {@code y = x g/std + (beta - mean g/std)}
 * with {@code std = sqrt(var + eps)} and, under {@code useLogStd}, {@code var = (10^log10std)^2}, as DL4J computes it.
 * Directly after a dense or convolution layer with identity activation that nothing else reads, it is folded into it:
 * {@code W' = W g/std}, {@code b' = (b - mean) g/std + beta}. Anywhere else (after a ReLU, say) it is a stage of its
 * own, a {@link ChannelMap} whose weight is {@code g/std} and bias the shift, served by the {@code batchnorm} rule.
 * Channels-last (NHWC) images are normalized channels-first, and fold the same way.
 */
public final class BatchNormalizationAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public BatchNormalizationAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        BatchNormalization conf = context.conf(BatchNormalization.class);
        INDArray mean = context.rowParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
        INDArray var;
        if (conf.isUseLogStd()) {
            INDArray std = Transforms.pow(Nd4j.valueArrayOf(mean.shape(), 10.0, mean.dataType()),
                    context.rowParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD), false);
            var = std.muli(std);
        } else {
            var = context.rowParam(BatchNormalizationParamInitializer.GLOBAL_VAR);
        }
        INDArray gamma;
        INDArray beta;
        if (conf.isLockGammaBeta()) {
            gamma = Nd4j.valueArrayOf(mean.shape(), conf.getGamma(), mean.dataType());
            beta = Nd4j.valueArrayOf(mean.shape(), conf.getBeta(), mean.dataType());
        } else {
            gamma = context.rowParam(BatchNormalizationParamInitializer.GAMMA);
            beta = context.rowParam(BatchNormalizationParamInitializer.BETA);
        }
        INDArray scale = gamma.div(Transforms.sqrt(var.add(conf.getEps()), false));
        INDArray shift = beta.sub(mean.mul(scale));
        // Channels-last images normalize channels-first, where a channels-last layer before computed too: its move
        // back to channels-last and this layer's move forward cancel, so the folding below sees that layer.
        context.channelsFirst(conf.getCnn2DFormat(), () -> {
            if (context.last() instanceof LinearStage previous && (previous.kind() == StageKind.DENSE
                    || previous.kind() == StageKind.CONV)) {
                context.replaceLast(previous.foldAffine(previous.layer().folding("BatchNormalization"), scale,
                        shift));
            } else {
                context.add(new LinearStage(context.info(), StageKind.BATCHNORM, new ChannelMap(scale.length()),
                        scale.reshape(scale.length()), shift.reshape(1, shift.length())));
            }
        });
        // No activation stage: DL4J's BatchNormalization ignores its configured activation (often an inherited
        // global default such as sigmoid) and outputs the normalised value itself.
    }
}
