package io.lrp4j.cli.demo;

import io.lrp4j.engine.ExplainException;
import java.io.IOException;
import java.io.InputStream;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

/** The model and test images that ship inside the jar, produced by {@code ./lrp train}. */
public final class ShippedDemo {
    private ShippedDemo() {
    }

    /** The shipped model. */
    public static MultiLayerNetwork model() {
        return model(DemoKind.CNN);
    }

    /** One of the shipped models. */
    public static MultiLayerNetwork model(DemoKind kind) {
        try (InputStream in = resource(kind.file())) {
            return ModelSerializer.restoreMultiLayerNetwork(in, false);
        } catch (IOException e) {
            throw new ExplainException("cannot read the shipped demo model: " + e.getMessage(), e);
        }
    }

    /** The shipped test images and labels. */
    public static FashionMnist.Split testSubset() {
        byte[] images = Idx.readAll(resource(DemoModel.IMAGES), DemoModel.IMAGES);
        byte[] labels = Idx.readAll(resource(DemoModel.LABELS), DemoModel.LABELS);
        return new FashionMnist.Split(Idx.readImages(DemoModel.IMAGES, images, 0),
                Idx.readLabels(DemoModel.LABELS, labels, 0));
    }

    /** A file the demos ship in the jar. */
    static InputStream resource(String name) {
        InputStream in = ShippedDemo.class.getResourceAsStream(DemoModel.RESOURCES + name);
        if (in == null) {
            throw new ExplainException("the demo's " + name + " is missing from the jar; rebuild with mvn package");
        }
        return in;
    }
}
