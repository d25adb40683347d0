package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/** {@code SubsamplingLayer} with max or average pooling, NCHW. */
public final class SubsamplingLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public SubsamplingLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        SubsamplingLayer conf = context.conf(SubsamplingLayer.class);
        if (conf.getCnn2dDataFormat() != null && conf.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
            throw context.unsupported("only NCHW pooling is supported, this one is " + conf.getCnn2dDataFormat());
        }
        PoolingType type = conf.getPoolingType();
        if (type != PoolingType.MAX && type != PoolingType.AVG) {
            throw context.unsupported(type + " pooling; only MAX and AVG pooling are supported");
        }
        boolean max = type == PoolingType.MAX;
        ConvolutionGeometry geometry = new ConvolutionGeometry(conf.getKernelSize(), conf.getStride(),
                conf.getPadding(), conf.getDilation(), conf.getConvolutionMode());
        context.add(new LinearStage(context.info(), max ? StageKind.MAX_POOL : StageKind.AVG_POOL,
                new PoolingMap(max, geometry, conf.isAvgPoolIncludePadInDivisor()), null, null));
    }
}
