package io.lrp4j.engine.network;

import com.google.inject.AbstractModule;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.MapBinder;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.ReshapeVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.RnnToFeedForwardPreProcessor;

/**
 * Binds one adapter per DL4J layer configuration class, and one per input preprocessor class. Keyed by exact
 * class, so a subclass (a {@code Deconvolution2D}, say) is never mistaken for its parent. No I/O, no branching.
 */
public final class EngineModule extends AbstractModule {
    @Override
    protected void configure() {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        binder().requireAtInjectOnConstructors();

        MapBinder<Class<?>, LayerAdapter> layers =
                MapBinder.newMapBinder(binder(), new TypeLiteral<Class<?>>() { }, new TypeLiteral<LayerAdapter>() { });
        bind(DenseLayerAdapter.class);
        bind(ConvolutionLayerAdapter.class);
        bind(SubsamplingLayerAdapter.class);
        bind(GlobalPoolingLayerAdapter.class);
        bind(BatchNormalizationAdapter.class);
        bind(ActivationLayerAdapter.class);
        bind(DropoutLayerAdapter.class);
        layers.addBinding(DenseLayer.class).to(DenseLayerAdapter.class);
        layers.addBinding(OutputLayer.class).to(DenseLayerAdapter.class);
        layers.addBinding(ConvolutionLayer.class).to(ConvolutionLayerAdapter.class);
        bind(Convolution1DLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.Convolution1DLayer.class).to(Convolution1DLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.Convolution1D.class).to(Convolution1DLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.Subsampling1DLayer.class).to(SubsamplingLayerAdapter.class);
        // Aliases DL4J offers under other names: the same configuration classes but for the name.
        layers.addBinding(org.deeplearning4j.nn.conf.layers.Convolution2D.class).to(ConvolutionLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.Pooling2D.class).to(SubsamplingLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.Pooling1D.class).to(SubsamplingLayerAdapter.class);
        bind(DepthwiseConvolutionAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D.class)
                .to(DepthwiseConvolutionAdapter.class);
        bind(SeparableConvolutionAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.SeparableConvolution2D.class)
                .to(SeparableConvolutionAdapter.class);
        bind(LocalResponseNormalizationAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.LocalResponseNormalization.class)
                .to(LocalResponseNormalizationAdapter.class);
        bind(SpaceToDepthAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.SpaceToDepthLayer.class).to(SpaceToDepthAdapter.class);
        bind(DeconvolutionAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.Deconvolution2D.class).to(DeconvolutionAdapter.class);
        layers.addBinding(SubsamplingLayer.class).to(SubsamplingLayerAdapter.class);
        layers.addBinding(GlobalPoolingLayer.class).to(GlobalPoolingLayerAdapter.class);
        layers.addBinding(BatchNormalization.class).to(BatchNormalizationAdapter.class);
        layers.addBinding(ActivationLayer.class).to(ActivationLayerAdapter.class);
        layers.addBinding(DropoutLayer.class).to(DropoutLayerAdapter.class);
        bind(RecurrentLayerAdapter.class);
        bind(EmbeddingLayerAdapter.class);
        bind(ZeroPaddingLayerAdapter.class);
        bind(LossLayerAdapter.class);
        bind(RnnOutputLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.RnnOutputLayer.class).to(RnnOutputLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.LossLayer.class).to(LossLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer.class).to(ZeroPaddingLayerAdapter.class);
        bind(ResamplingLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.Upsampling2D.class).to(ResamplingLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D.class)
                .to(ResamplingLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.EmbeddingSequenceLayer.class)
                .to(EmbeddingLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.EmbeddingLayer.class).to(EmbeddingLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn.class).to(RecurrentLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.LSTM.class).to(RecurrentLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep.class)
                .to(RecurrentLayerAdapter.class);
        layers.addBinding(org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional.class)
                .to(RecurrentLayerAdapter.class);

        MapBinder<Class<?>, PreprocessorAdapter> preprocessors = MapBinder.newMapBinder(binder(),
                new TypeLiteral<Class<?>>() { }, new TypeLiteral<PreprocessorAdapter>() { });
        bind(ReshapePreprocessorAdapter.class);
        preprocessors.addBinding(CnnToFeedForwardPreProcessor.class).to(ReshapePreprocessorAdapter.class);
        preprocessors.addBinding(FeedForwardToCnnPreProcessor.class).to(ReshapePreprocessorAdapter.class);
        preprocessors.addBinding(RnnToFeedForwardPreProcessor.class).to(ReshapePreprocessorAdapter.class);

        MapBinder<Class<?>, VertexAdapter> vertices = MapBinder.newMapBinder(binder(),
                new TypeLiteral<Class<?>>() { }, new TypeLiteral<VertexAdapter>() { });
        bind(ElementWiseVertexAdapter.class);
        bind(MergeVertexAdapter.class);
        vertices.addBinding(ElementWiseVertex.class).to(ElementWiseVertexAdapter.class);
        vertices.addBinding(MergeVertex.class).to(MergeVertexAdapter.class);
        bind(ScaleShiftVertexAdapter.class);
        vertices.addBinding(ScaleVertex.class).to(ScaleShiftVertexAdapter.class);
        vertices.addBinding(ShiftVertex.class).to(ScaleShiftVertexAdapter.class);
        bind(RoutingVertexAdapter.class);
        vertices.addBinding(SubsetVertex.class).to(RoutingVertexAdapter.class);
        vertices.addBinding(ReshapeVertex.class).to(RoutingVertexAdapter.class);
        vertices.addBinding(LastTimeStepVertex.class).to(RoutingVertexAdapter.class);
        vertices.addBinding(ReverseTimeSeriesVertex.class).to(RoutingVertexAdapter.class);
        vertices.addBinding(org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex.class)
                .to(RoutingVertexAdapter.class);

        bind(NetworkCompiler.class);
    }
}
