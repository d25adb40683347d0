package io.lrp4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes a {@code MultiLayerNetwork} of convolutions, max pooling and dense layers as the PyTorch twin of
 * {@code bench/peer/torch_peer.py} reads it: {@code model.json} in the layout of {@code shared/reference} (layer
 * type, kernel, stride, padding, activation, weight files) and each layer's weights in DL4J's layout as {@code .npy}.
 * Anything else is refused by name: a twin that silently differs would make the times meaningless.
 */
final class PeerTwin {
    private PeerTwin() {
    }

    static void export(MultiLayerNetwork net, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Map<String, Object>> layers = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pre instanceof CnnToFeedForwardPreProcessor) {
                layers.add(Map.of("type", "flatten"));
            } else if (pre != null) {
                throw new IllegalArgumentException("the peer twin has no " + pre.getClass().getSimpleName());
            }
            org.deeplearning4j.nn.conf.layers.Layer conf = net.getLayer(i).conf().getLayer();
            Map<String, Object> layer = new LinkedHashMap<>();
            if (conf instanceof ConvolutionLayer conv && conv.getClass() == ConvolutionLayer.class) {
                layer.put("type", "conv");
                layer.put("kernel", conv.getKernelSize());
                layer.put("stride", conv.getStride());
                layer.put("padding", padding(conv));
            } else if (conf instanceof SubsamplingLayer pool && pool.getClass() == SubsamplingLayer.class
                    && pool.getPoolingType() == PoolingType.MAX && pool.getPadding()[0] == 0
                    && pool.getPadding()[1] == 0 && (pool.getConvolutionMode() != ConvolutionMode.Same
                            || Arrays.equals(pool.getKernelSize(), pool.getStride()))) {
                // Same with the kernel as the stride pads nothing where the stride divides the size (VGG-16's
                // 224, 112, ... 14); where it does not, the relevance check before any timing fails.
                layer.put("type", "maxpool");
                layer.put("kernel", pool.getKernelSize());
                layer.put("stride", pool.getStride());
            } else if (conf instanceof FeedForwardLayer && !(conf instanceof ConvolutionLayer)
                    && net.getLayer(i).paramTable().containsKey("W") && net.getLayer(i).paramTable().size() == 2) {
                layer.put("type", "dense");
            } else {
                throw new IllegalArgumentException("the peer twin has no " + conf.getClass().getSimpleName());
            }
            if (conf instanceof BaseLayer base) {
                layer.put("activation", activation(base, i == net.getnLayers() - 1));
                for (String p : List.of("W", "b")) {
                    String file = "l" + i + "_" + p + ".npy";
                    // A copy: a parameter is a view into the network's one flat buffer, and writeAsNumpy writes a
                    // view's buffer from its start (the convolution's weights came out shifted by its bias).
                    Nd4j.writeAsNumpy(net.getLayer(i).getParam(p).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                            .dup('c'), dir.resolve(file).toFile());
                    layer.put(p, file);
                }
            }
            layers.add(layer);
        }
        Files.writeString(dir.resolve("model.json"), json(Map.of("layers", layers)));
    }

    /** Same mode with stride 1 and an odd kernel pads (k - 1) / 2 on each side, as torch's symmetric padding. */
    private static int[] padding(ConvolutionLayer conv) {
        int[] k = conv.getKernelSize();
        if (conv.getDilation()[0] != 1 || conv.getDilation()[1] != 1) {
            throw new IllegalArgumentException("the peer twin has no dilated convolution");
        }
        if (conv.getConvolutionMode() != ConvolutionMode.Same) {
            return conv.getPadding();
        }
        if (conv.getStride()[0] != 1 || conv.getStride()[1] != 1 || k[0] % 2 == 0 || k[1] % 2 == 0) {
            throw new IllegalArgumentException("the peer twin pads Same only for stride 1 and odd kernels");
        }
        return new int[] {(k[0] - 1) / 2, (k[1] - 1) / 2};
    }

    /** relu or identity; the output layer's softmax is left out, since every method starts from the logits. */
    private static String activation(BaseLayer layer, boolean last) {
        Object a = layer.getActivationFn();
        if (a instanceof ActivationReLU) {
            return "relu";
        }
        if (a instanceof ActivationIdentity || last && a instanceof ActivationSoftmax) {
            return "identity";
        }
        throw new IllegalArgumentException("the peer twin has no activation " + a);
    }

    /** The little JSON the twin needs: maps, lists, strings, numbers and int arrays. */
    static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<String> parts = new ArrayList<>();
            map.forEach((k, v) -> parts.add(json(k) + ": " + json(v)));
            return "{" + String.join(", ", parts) + "}";
        }
        if (value instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(PeerTwin::json).toList()) + "]";
        }
        if (value instanceof int[] ints) {
            return json(Arrays.stream(ints).boxed().toList());
        }
        if (value instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return String.valueOf(value);
    }
}
