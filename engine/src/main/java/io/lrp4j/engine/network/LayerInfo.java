package io.lrp4j.engine.network;

/**
 * The DL4J layer a stage came from, for selectors, provenance and messages.
 *
 * @param index the layer's index in the network
 * @param name the layer's name
 * @param type the layer's configuration class name, e.g. {@code ConvolutionLayer+BatchNormalization} when folded
 */
public record LayerInfo(int index, String name, String type) {
    /** {@code layer 3 'dense1' (DenseLayer)}. */
    public String describe() {
        return "layer " + index + " '" + name + "' (" + type + ")";
    }

    /** The same layer with another layer's type folded in. */
    public LayerInfo folding(String otherType) {
        return new LayerInfo(index, name, type + "+" + otherType);
    }
}
