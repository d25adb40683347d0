package io.lrp4j.engine.network;

import jakarta.inject.Inject;

/** {@code DropoutLayer}: the identity at inference, so it adds no stage. */
public final class DropoutLayerAdapter implements LayerAdapter {
    /** For Guice. */
    @Inject
    public DropoutLayerAdapter() {
    }

    @Override
    public void adapt(LayerContext context) {
        // Nothing: dropout is off at inference, and relevance passes through unchanged.
    }
}
