package io.lrp4j.engine;

import io.lrp4j.engine.network.LayerInfo;
import io.lrp4j.engine.network.StageKind;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What happened at one stage of one explanation: the rule that served it, the relevance it absorbed, and (on
 * request) the relevance at its input.
 *
 * @param layer the DL4J layer the stage came from
 * @param kind what the stage is
 * @param rule the rule with its arguments, e.g. {@code epsilon(epsilon=0.25,bias=true)}; {@code reshape} for reshapes
 * @param absorbed per row, relevance in minus relevance out: what the bias, the stabilizer or the rule itself took
 *     ({@code [batch]})
 * @param relevance relevance at the stage's input, or null unless layer relevance was asked for
 * @param initialState for a recurrent layer, per row the part of {@code absorbed} its rule gave states that are
 *     constants: the initial state {@code h_(-1) = 0} (nothing for rules that scale with the input; not so for
 *     {@code flat}, {@code w2}, {@code zB}) and the states a feature mask reset to zero ({@code [batch]}); null for
 *     other stages
 */
public record StageReport(LayerInfo layer, StageKind kind, String rule, INDArray absorbed, INDArray relevance,
        INDArray initialState) {
}
