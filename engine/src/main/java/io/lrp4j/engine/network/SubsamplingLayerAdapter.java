package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.Subsampling1DLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/**
 * {@code SubsamplingLayer} with max or average pooling, NCHW or NHWC (computed channels-first), and
 * {@code Subsampling1DLayer} over sequences in either layout (computed, as DL4J does, over images with one column).
 */
public final class SubsamplingLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public SubsamplingLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        SubsamplingLayer conf = context.conf(SubsamplingLayer.class);
        PoolingType type = conf.getPoolingType();
        if (type != PoolingType.MAX && type != PoolingType.AVG) {
            throw context.unsupported(type + " pooling; only MAX and AVG pooling are supported");
        }
        boolean max = type == PoolingType.MAX;
        ConvolutionGeometry geometry = new ConvolutionGeometry(conf.getKernelSize(), conf.getStride(),
                conf.getPadding(), conf.getDilation(), conf.getConvolutionMode());
        Runnable pooling = () -> context.add(new LinearStage(context.info(), max ? StageKind.MAX_POOL
                : StageKind.AVG_POOL, new PoolingMap(max, geometry, conf.isAvgPoolIncludePadInDivisor()), null, null));
        if (conf instanceof Subsampling1DLayer) {
            // DL4J keeps a one-dimensional layer's sequence layout in its image format: NHWC stands for NWC.
            context.sequenceAsImage(conf.getCnn2dDataFormat() == CNN2DFormat.NHWC ? RNNFormat.NWC : RNNFormat.NCW,
                    pooling);
        } else {
            context.channelsFirst(conf.getCnn2dDataFormat(), pooling);
        }
    }
}
