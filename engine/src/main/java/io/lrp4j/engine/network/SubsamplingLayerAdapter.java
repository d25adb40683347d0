package io.lrp4j.engine.network;

import jakarta.inject.Inject;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;

/** {@code SubsamplingLayer} with max or average pooling, NCHW or NHWC (computed channels-first). */
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
        context.channelsFirst(conf.getCnn2dDataFormat(), () -> {
            context.add(new LinearStage(context.info(), max ? StageKind.MAX_POOL : StageKind.AVG_POOL,
                    new PoolingMap(max, geometry, conf.isAvgPoolIncludePadInDivisor()), null, null));
        });
    }
}
