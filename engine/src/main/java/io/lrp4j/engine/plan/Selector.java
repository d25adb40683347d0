package io.lrp4j.engine.plan;

import io.lrp4j.api.SpecException;
import io.lrp4j.engine.network.Stage;
import io.lrp4j.engine.network.StageKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Picks stages of a compiled network. Keywords pick by kind; a number or a name picks the stages of one layer.
 */
public final class Selector {
    /** The selector keywords, as listed to users. */
    public static final List<String> KEYWORDS = List.of("all", "dense", "conv", "first", "first-conv", "first-dense",
            "activation", "maxpool", "avgpool", "add", "recurrent", "simple-rnn", "lstm",
            "batchnorm");

    private final String text;

    private Selector(String text) {
        this.text = text;
    }

    /** A selector from its text; an empty text means {@code all}. */
    public static Selector of(String text) {
        return new Selector(text == null || text.isBlank() ? "all" : text.trim());
    }

    /** The selector as written. */
    public String text() {
        return text;
    }

    /** Whether this selector names one layer by index or name, rather than a kind of layer. */
    public boolean namesLayer() {
        return !KEYWORDS.contains(text);
    }

    /**
     * The indices (into {@code stages}) this selector picks.
     *
     * @throws SpecException when a layer index or name matches no layer
     */
    public List<Integer> select(List<Stage> stages) {
        List<Integer> picked = new ArrayList<>();
        switch (text) {
            case "all" -> pickKinds(stages, picked, StageKind.DENSE, StageKind.CONV, StageKind.SIMPLE_RNN,
                    StageKind.LSTM);
            case "dense" -> pickKinds(stages, picked, StageKind.DENSE);
            case "conv" -> pickKinds(stages, picked, StageKind.CONV);
            case "first" -> pickFirst(stages, picked, StageKind.DENSE, StageKind.CONV, StageKind.SIMPLE_RNN,
                    StageKind.LSTM);
            case "first-conv" -> pickFirst(stages, picked, StageKind.CONV);
            case "first-dense" -> pickFirst(stages, picked, StageKind.DENSE);
            case "activation" -> pickKinds(stages, picked, StageKind.ACTIVATION);
            case "maxpool" -> pickKinds(stages, picked, StageKind.MAX_POOL);
            case "avgpool" -> pickKinds(stages, picked, StageKind.AVG_POOL);
            case "add" -> pickKinds(stages, picked, StageKind.ADD);
            case "recurrent" -> pickKinds(stages, picked, StageKind.SIMPLE_RNN, StageKind.LSTM);
            case "simple-rnn" -> pickKinds(stages, picked, StageKind.SIMPLE_RNN);
            case "lstm" -> pickKinds(stages, picked, StageKind.LSTM);
            case "batchnorm" -> pickKinds(stages, picked, StageKind.BATCHNORM);
            default -> pickLayer(stages, picked);
        }
        return picked;
    }

    private static void pickKinds(List<Stage> stages, List<Integer> picked, StageKind... kinds) {
        Set<StageKind> set = Set.of(kinds);
        for (int i = 0; i < stages.size(); i++) {
            if (set.contains(stages.get(i).kind())) {
                picked.add(i);
            }
        }
    }

    private static void pickFirst(List<Stage> stages, List<Integer> picked, StageKind... kinds) {
        List<Integer> all = new ArrayList<>();
        pickKinds(stages, all, kinds);
        if (!all.isEmpty()) {
            picked.add(all.get(0));
        }
    }

    private void pickLayer(List<Stage> stages, List<Integer> picked) {
        Integer index = parseIndex(text);
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            if (!s.kind().takesRule()) {
                continue;
            }
            boolean hit = index != null ? s.layer().index() == index : s.layer().name().equals(text);
            if (hit) {
                picked.add(i);
            }
        }
        if (picked.isEmpty()) {
            Set<String> layers = new LinkedHashSet<>();
            stages.stream().filter(s -> s.kind().takesRule())
                    .forEach(s -> layers.add(s.layer().index() + " '" + s.layer().name() + "'"));
            throw new SpecException("selector '" + text + "' matches no layer; use one of "
                    + String.join(", ", KEYWORDS) + ", or a layer index or name: "
                    + layers.stream().collect(Collectors.joining(", ")));
        }
    }

    private static Integer parseIndex(String text) {
        try {
            return Integer.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
