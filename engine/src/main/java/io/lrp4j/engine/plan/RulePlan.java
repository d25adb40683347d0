package io.lrp4j.engine.plan;

import io.lrp4j.api.SpecException;
import io.lrp4j.engine.network.Stage;
import io.lrp4j.engine.network.StageKind;
import io.lrp4j.engine.registry.BoundRule;
import io.lrp4j.engine.registry.RegisteredRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The rule for every stage of a compiled network, from ordered assignments in which later ones override earlier
 * ones. Every linear and activation stage ends up with a rule that fits it, or the plan is refused with a message
 * that says which layer lacks what.
 */
public final class RulePlan {
    private final List<BoundRule> byStage;
    /** Per stage, the rule of the activations inside a recurrent layer's cell; null for other stages. */
    private final List<BoundRule> cellActivations;
    private final List<String> descriptions;

    private RulePlan(List<BoundRule> byStage, List<BoundRule> cellActivations, List<Stage> stages) {
        this.byStage = Collections.unmodifiableList(byStage);
        this.cellActivations = Collections.unmodifiableList(cellActivations);
        // Every explanation reports each stage's rule by name: spelled out once here, not on every call.
        List<String> described = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            BoundRule r = byStage.get(i);
            described.add(r != null ? r.describe() : stages.get(i).kind().name().toLowerCase(java.util.Locale.ROOT));
        }
        this.descriptions = List.copyOf(described);
    }

    /**
     * Applies the assignments in order.
     *
     * @throws SpecException when a rule cannot serve what its selector picks, or a stage is left without a rule
     */
    public static RulePlan resolve(List<Stage> stages, List<PlannedRule> assignments) {
        List<BoundRule> byStage = new ArrayList<>(Collections.nCopies(stages.size(), null));
        List<BoundRule> cellActivations = new ArrayList<>(Collections.nCopies(stages.size(), null));
        for (PlannedRule a : assignments) {
            // The activation selector also serves the activations inside recurrent cells, which are not stages.
            if (a.selector().text().equals("activation") && a.rule().rule().activation() != null) {
                for (int i = 0; i < stages.size(); i++) {
                    if (stages.get(i).kind().recurrent()) {
                        cellActivations.set(i, a.rule());
                    }
                }
            }
            List<Integer> picked = a.selector().select(stages);
            int served = 0;
            for (int i : picked) {
                Stage stage = stages.get(i);
                String misfit = misfit(a.rule().rule(), stage.kind());
                if (misfit == null) {
                    byStage.set(i, a.rule());
                    served++;
                } else if (!a.selector().namesLayer()) {
                    throw new SpecException("rule '" + a.rule().rule().name() + "' cannot serve '" + a.selector()
                            + "': " + misfit);
                }
            }
            if (a.selector().namesLayer() && served == 0) {
                Stage first = stages.get(picked.get(0));
                throw new SpecException("rule '" + a.rule().rule().name() + "' cannot serve "
                        + first.layer().describe() + ": " + misfit(a.rule().rule(), first.kind()));
            }
        }
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            if (s.kind().takesRule() && byStage.get(i) == null) {
                throw new SpecException("no rule for " + s.layer().describe()
                        + "; add one, e.g. --rule " + hintSelector(s.kind()) + "=epsilon, or choose a --composite");
            }
        }
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).kind().recurrent() && cellActivations.get(i) == null) {
                throw new SpecException("no rule for the activations inside " + stages.get(i).layer().describe()
                        + "; add one, e.g. --rule activation=pass");
            }
        }
        return new RulePlan(byStage, cellActivations, stages);
    }

    private static String hintSelector(StageKind kind) {
        return switch (kind) {
            case DENSE -> "dense";
            case CONV -> "conv";
            case MAX_POOL -> "maxpool";
            case AVG_POOL -> "avgpool";
            case ADD -> "add";
            case SIMPLE_RNN, LSTM -> "recurrent";
            case BATCHNORM -> "batchnorm";
            default -> "activation";
        };
    }

    /** Why {@code rule} cannot serve a stage of {@code kind}, or null when it can. */
    static String misfit(RegisteredRule rule, StageKind kind) {
        if (kind == StageKind.ACTIVATION) {
            return rule.activation() != null ? null : "it is a rule for linear layers, not activations";
        }
        if (rule.linear() == null) {
            return "it is a rule for activations only";
        }
        if (!kind.weighted() && rule.linear().needsWeights()) {
            return "it needs weights, and " + (kind == StageKind.ADD ? "an Add vertex has" : "pooling layers have")
                    + " none";
        }
        return null;
    }

    /**
     * Stage {@code i}'s rule with its arguments, e.g. {@code epsilon(epsilon=0.25,bias=true)}, or
     * {@code reshape} or {@code merge} for the stages that only route relevance.
     */
    public String describe(int i) {
        return descriptions.get(i);
    }

    /** The rule of the activations inside recurrent stage {@code i}'s cell, or null for another stage. */
    public BoundRule cellActivationOf(int i) {
        return cellActivations.get(i);
    }

    /** The rule of stage {@code i}, or null for a reshape or merge. */
    public BoundRule ruleOf(int i) {
        return byStage.get(i);
    }
}
