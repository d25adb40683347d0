package io.lrp4j.testkit;

import io.lrp4j.api.LinearView;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a rule is given and must leave as it was: the layer's input, weight, bias and recorded pre-activation, and the
 * upper relevance unless the rule handed it back with {@link LinearView#releaseUpper()}. In a network these are the
 * caller's input (at the first layer), the model's parameters, the scores (at the last layer) and arrays other
 * stages still read. Copies are taken before the rule runs and compared exactly after it; the arrays are a generated
 * layer's, so the copies cost little.
 */
final class Untouched {
    private record Watched(String what, INDArray array, INDArray copy) {
    }

    private final List<Watched> watched = new ArrayList<>();
    private final Watched upper;

    Untouched(LinearView view, INDArray upper) {
        watch("its input layer.input()", view.input());
        watch("the weight layer.weight()", view.weight());
        watch("the bias layer.bias()", view.bias());
        // Read before the rule runs: after takeOutput() or releaseOutput() the view no longer hands it out.
        watch("the recorded pre-activation layer.output() (in a network, the scores at the last layer; take it"
                + " with layer.takeOutput() to overwrite it)", view.output());
        this.upper = new Watched("the upper relevance without calling layer.releaseUpper() first", upper,
                upper.dup());
    }

    private void watch(String what, INDArray array) {
        if (array != null) {
            watched.add(new Watched(what, array, array.dup()));
        }
    }

    /**
     * Fails, naming what was changed, if the rule modified an argument it does not own or returned one of them as
     * its result.
     *
     * @param rule the rule's name
     * @param upperReleased whether the rule handed the upper relevance back, after which it may hold anything
     * @param result what the rule returned
     */
    void check(String rule, boolean upperReleased, INDArray result) {
        List<Watched> all = new ArrayList<>(watched);
        all.add(upper);
        for (Watched w : all) {
            Assertions.assertNotSame(w.array(), result, rule + " returned " + w.what().split(" \\(")[0]
                    + " itself instead of a new array");
        }
        if (!upperReleased) {
            watched.add(upper);
        }
        for (Watched w : watched) {
            Assertions.assertTrue(w.copy().equals(w.array()), rule + " modified " + w.what()
                    + "; a rule must not modify its arguments: use out-of-place operations on them");
        }
    }
}
