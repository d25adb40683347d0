package io.lrp4j.engine.network;

import io.lrp4j.api.Operand;
import io.lrp4j.engine.formula.FormulaPropagation;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.MulOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A formula rule's relevance through a {@code SimpleRnn} cell, split by the columns of the cell's input
 * {@code [x_t ; h_(t-1)]}. The cell's map is dense, so each transpose {@code q w^T} splits by the weight's rows: the
 * walk back through time makes, step by step, only the part at {@code h_(t-1)}, which the step before needs; the part
 * at {@code x_t} is made for all steps at once after the walk, from the quotients the steps left behind. Each step
 * writes its quotients into the prepared reciprocals' arrays and its result into an array it is given, so the walk
 * makes no array: a ReLU RNN's step under epsilon is three native calls (quotient, product, times {@code h_(t-1)}),
 * where a whole-cell step was five and two new arrays.
 */
final class SplitCellRelevance {
    /** The transposes that multiply one operand (null: the folded constants, which multiply nothing). */
    private record Group(Operand operand, List<Part> parts) {
    }

    /** One transpose, its weight split into the rows at {@code x} and at {@code h}. */
    private record Part(INDArray reciprocals, INDArray atX, INDArray atH, double coefficient) {
    }

    private final List<Group> groups = new ArrayList<>();
    /**
     * The distinct reciprocals, in blocks {@code [steps, rows, n]} from {@link SequenceBlocks} (whose step views are
     * made once for call after call), which the formula was prepared into: step {@code t}'s quotients are written
     * into slice t.
     */
    private final Map<INDArray, INDArray> bySteps = new IdentityHashMap<>();
    private final INDArray inputs;
    private final long nIn;
    private final long rows;
    /** For the products of a group that is not the first. */
    private INDArray scratch;

    /**
     * @param prepared the formula prepared over all steps into {@link SequenceBlocks}' blocks; used up by the walk
     * @param inputs the recorded cell inputs {@code [steps * rows, nIn + n]}, steps first
     * @param nIn the width of {@code x_t}
     * @param steps the number of steps
     */
    SplitCellRelevance(FormulaPropagation.Prepared prepared, INDArray inputs, long nIn, int steps) {
        this.inputs = inputs;
        this.nIn = nIn;
        this.rows = inputs.size(0) / steps;
        long width = inputs.size(1);
        Map<Operand, List<Part>> byOperand = new LinkedHashMap<>();
        for (FormulaPropagation.Transpose t : prepared.transposes()) {
            INDArray w = t.weight();
            byOperand.computeIfAbsent(t.operand(), o -> new ArrayList<>()).add(new Part(t.reciprocals(),
                    w.get(NDArrayIndex.interval(0, nIn), NDArrayIndex.all()).dup('c'),
                    w.get(NDArrayIndex.interval(nIn, width), NDArrayIndex.all()).dup('c'), t.coefficient()));
            bySteps.computeIfAbsent(t.reciprocals(), prepared::steps);
        }
        byOperand.forEach((o, parts) -> groups.add(new Group(o, parts)));
    }

    /**
     * Step {@code t}: its quotients, kept for {@link #atInputs()}, and the relevance at {@code h_(t-1)}.
     *
     * @param upper relevance at the cell's output {@code z_t}; only read
     * @param previous {@code h_(t-1)} (zeros for the first step)
     * @param out where the relevance at {@code h_(t-1)} is written, {@code [rows, n]}
     */
    void step(int t, INDArray upper, INDArray previous, INDArray out) {
        if (groups.isEmpty()) {
            out.assign(0);
            return;
        }
        Map<INDArray, INDArray> quotients = quotients(t, upper);
        boolean first = true;
        for (Group g : groups) {
            INDArray sum = first && g.operand() == null ? out : scratch(out);
            boolean accumulate = false;
            for (Part p : g.parts()) {
                Nd4j.gemm(quotients.get(p.reciprocals()), p.atH(), sum, false, true, p.coefficient(),
                        accumulate ? 1.0 : 0.0);
                accumulate = true;
            }
            if (g.operand() != null) {
                INDArray operand = FormulaPropagation.operandOf(g.operand(), previous);
                if (first) {
                    Nd4j.exec(new MulOp(sum, operand, out));
                } else {
                    out.addi(sum.muli(operand));
                }
            } else if (!first) {
                out.addi(sum);
            }
            first = false;
        }
    }

    /**
     * Whether the relevance at {@code h_(t-1)} is {@code h_(t-1)} times one sum of transposes (one group, whose
     * operand is the input), so that {@link #foldPreviousOutputs} applies.
     */
    boolean timesInputOnly() {
        return groups.size() == 1 && groups.get(0).operand() != null
                && groups.get(0).operand().kind() == Operand.Kind.INPUT;
    }

    /**
     * For a walk that never needs the relevance at {@code h_t} itself (the cell's activation passes it through, and
     * nothing else reaches {@code h_t}): multiplies each step's reciprocals but the last by that step's output, once
     * for all steps, so that step {@code t < T - 1} then multiplies them by the sum of transposes alone
     * ({@link #stepWithoutOperand}): two native calls a step instead of three. Only where {@link #timesInputOnly}.
     *
     * @param outputs the recorded {@code h}, {@code [steps, rows, n]}
     */
    void foldPreviousOutputs(INDArray outputs) {
        int steps = (int) outputs.size(0);
        if (steps < 2) {
            return;
        }
        INDArray first = outputs.get(NDArrayIndex.interval(0, steps - 1), NDArrayIndex.all(), NDArrayIndex.all());
        for (INDArray r : bySteps.values()) {
            INDArray part = r.get(NDArrayIndex.interval(0, steps - 1), NDArrayIndex.all(), NDArrayIndex.all());
            Nd4j.exec(new MulOp(part, first, part));
        }
    }

    /**
     * Step {@code t} after {@link #foldPreviousOutputs}: its quotients are its folded reciprocals times
     * {@code factor}, and {@code out} gets the sum of transposes at {@code h_(t-1)}, not yet times {@code h_(t-1)}.
     *
     * @param factor for the last step the relevance at {@code z_t}; for the others the previous call's {@code out}
     */
    void stepWithoutOperand(int t, INDArray factor, INDArray out) {
        Map<INDArray, INDArray> quotients = quotients(t, factor);
        boolean accumulate = false;
        for (Part p : groups.get(0).parts()) {
            Nd4j.gemm(quotients.get(p.reciprocals()), p.atH(), out, false, true, p.coefficient(),
                    accumulate ? 1.0 : 0.0);
            accumulate = true;
        }
    }

    /**
     * The relevance at {@code x_t} for every step, {@code [steps * rows, nIn]}, once every step has run; gives the
     * quotients' blocks back.
     */
    INDArray atInputs() {
        INDArray x = inputs.get(NDArrayIndex.all(), NDArrayIndex.interval(0, nIn));
        INDArray result = null;
        for (Group g : groups) {
            INDArray sum = Nd4j.create(inputs.dataType(), inputs.size(0), nIn);
            boolean accumulate = false;
            for (Part p : g.parts()) {
                INDArray q = bySteps.get(p.reciprocals());
                Nd4j.gemm(q.reshape('c', q.size(0) * rows, q.size(2)), p.atX(), sum, false, true, p.coefficient(),
                        accumulate ? 1.0 : 0.0);
                accumulate = true;
            }
            if (g.operand() != null) {
                sum.muli(FormulaPropagation.operandOf(g.operand(), x));
            }
            result = result == null ? sum : result.addi(sum);
        }
        bySteps.values().forEach(SequenceBlocks::give);
        return result == null ? Nd4j.zeros(inputs.dataType(), inputs.size(0), nIn) : result;
    }

    /** Step t's quotients, each distinct reciprocal's slice times {@code factor} in place, by reciprocal. */
    private Map<INDArray, INDArray> quotients(int t, INDArray factor) {
        Map<INDArray, INDArray> quotients = new IdentityHashMap<>();
        for (Map.Entry<INDArray, INDArray> e : bySteps.entrySet()) {
            INDArray q = SequenceBlocks.slice(e.getValue(), t);
            Nd4j.exec(new MulOp(q, factor, q));
            quotients.put(e.getKey(), q);
        }
        return quotients;
    }

    private INDArray scratch(INDArray like) {
        if (scratch == null) {
            scratch = Nd4j.createUninitialized(like.dataType(), like.shape());
        }
        return scratch;
    }
}
