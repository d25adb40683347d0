package io.lrp4j.engine.formula;

import io.lrp4j.api.Chunks;
import io.lrp4j.api.Formula;
import io.lrp4j.api.LinearView;
import io.lrp4j.api.Operand;
import io.lrp4j.api.Share;
import io.lrp4j.api.SignedParts;
import io.lrp4j.api.Stabilizer;
import io.lrp4j.api.Term;
import io.lrp4j.api.WeightMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a {@link Formula} on one layer, planned so that it costs what the hand-written rules cost:
 * <ul>
 *   <li>terms of {@code x-} vanish on non-negative inputs and are dropped, and {@code x+} is then {@code x} itself;
 *   <li>a term {@code x w (+ b)} is the recorded pre-activation, never computed again, and a share made of it alone
 *       writes its quotient into that array when nothing else reads it;
 *   <li>terms with a constant operand (zB's bounds, the ones of {@code flat} and {@code w2}) are folded into one
 *       modified weight, computed once per layer for a single sample and broadcast over the batch;
 *   <li>a denominator known to be never negative is stabilized without a sign; a product the rule computes is its
 *       own array, so its quotient takes its place;
 *   <li>the pre-activation a formula never reads is handed back before its products, which may reuse its memory;
 *   <li>on non-negative inputs, a masked share whose term is a combination {@code a w + b w+ + c w-} is written as
 *       {@code a z + b x w+ + c (z - x w+)}: one product for every share instead of one each (gamma); where all
 *       summands have the region's sign, so that no rounding cancels, the quotients take the places of z and that
 *       product, a piece at a time;
 *   <li>transposes meeting one operand are added in one call ({@link LinearView#transposeSum}).
 * </ul>
 */
public final class FormulaPropagation {
    private final LinearView layer;
    private final Formula formula;
    /** Relevance at the output; null in {@link #prepare}, where it is all ones and made only if a path reads it. */
    private INDArray upper;
    private final double eps;
    private final boolean inputNonNegative;
    private final Map<Operand, INDArray> operands = new LinkedHashMap<>();
    /** In {@link #prepare}: where the reciprocals go, {@code [steps, rows, ...]}; null for fresh arrays. */
    private Function<long[], INDArray> blocks;
    private int steps;
    /** In {@link #prepare}: the output's shape and type, read before any path hands the recorded output over. */
    private long[] outputShape;
    private org.nd4j.linalg.api.buffer.DataType outputType;
    /** In {@link #prepare}: the quotients written straight into a block, by identity, with their block. */
    private final Map<INDArray, INDArray> blockOf = new IdentityHashMap<>();

    private FormulaPropagation(LinearView layer, Formula formula, INDArray upper) {
        this(layer, formula, upper, readsInputSign(formula) && layer.inputNonNegative());
    }

    private FormulaPropagation(LinearView layer, Formula formula, INDArray upper, boolean inputNonNegative) {
        this.layer = layer;
        this.formula = formula;
        this.upper = upper;
        this.eps = formula.epsilon();
        this.inputNonNegative = inputNonNegative;
    }

    /**
     * The formula's relevance at the layer's input.
     *
     * @param layer the layer
     * @param formula the rule's formula
     * @param upper relevance at the layer's output; handed back to the view once the quotients are formed
     * @return a new array of the input's shape
     */
    public static INDArray run(LinearView layer, Formula formula, INDArray upper) {
        return new FormulaPropagation(layer, formula, upper).run();
    }

    private INDArray run() {
        List<Planned> shares = resolve();
        if (shares.isEmpty()) {
            layer.releaseOutput();
            layer.releaseUpper();
            return Nd4j.zerosLike(layer.input());
        }
        List<Entry> entries = decomposable(shares) ? decomposedQuotients(shares) : quotients(shares);
        layer.releaseUpper();
        return transposes(entries);
    }

    /**
     * The parts of a formula that do not depend on the relevance, computed once for many applications of one map: a
     * recurrent cell's every time step, whose inputs and pre-activations are recorded as one block. Each share's
     * quotient for a relevance of ones is its reciprocal denominator (masked and weighted); a step then costs one
     * product with its relevance per share, and the transposes.
     *
     * @param block the map over all applications' rows at once, {@code [steps * rows, ...]}, steps first
     * @param formula the rule's formula
     * @param steps how many applications the block stacks
     * @return what each step's {@link Prepared#relevance} needs
     */
    public static Prepared prepare(LinearView block, Formula formula, int steps) {
        return prepare(block, formula, steps, null);
    }

    /**
     * As {@link #prepare(LinearView, Formula, int)}, with the reciprocals written into arrays the caller supplies
     * (the engine's pooled blocks, say), each {@code [steps, rows, ...]}: the epsilon rule's reciprocal
     * {@code 1 / s(z)} is then written straight from the recorded {@code z} into its block, with no array made.
     *
     * @param blocks gives an array of the shape asked for, whose values are overwritten; null for fresh arrays
     */
    public static Prepared prepare(LinearView block, Formula formula, int steps, Function<long[], INDArray> blocks) {
        FormulaPropagation whole = new FormulaPropagation(block, formula, null);
        whole.blocks = blocks;
        whole.steps = steps;
        whole.outputShape = block.output().shape();
        whole.outputType = block.output().dataType();
        List<Planned> shares = whole.resolve();
        List<Entry> entries = shares.isEmpty() ? List.of()
                : whole.decomposable(shares) ? whole.decomposedQuotients(shares) : whole.quotients(shares);
        return new Prepared(formula, whole.inputNonNegative, entries, steps, whole.blockOf, blocks);
    }

    /**
     * One transpose of a prepared formula: {@code coefficient * transpose(q, weight)}, times {@code operand}'s array
     * of the input (nothing for the folded constant terms, whose operand is null), where {@code q} is
     * {@code reciprocals} times the relevance at the output. Transposes with the same reciprocals share the array.
     *
     * @param operand what the transpose multiplies, or null
     * @param reciprocals {@code [steps * rows, ...]}, steps first, as {@link #prepare} made them
     * @param weight the (modified) weight
     * @param coefficient the term's coefficient
     */
    public record Transpose(Operand operand, INDArray reciprocals, INDArray weight, double coefficient) {
    }

    /**
     * An operand's array for an input: the input itself (not a copy), its positive or negative part, or the input
     * shifted by the operand's value.
     *
     * @throws IllegalStateException for a constant operand, which is folded into its weight
     */
    public static INDArray operandOf(Operand o, INDArray input) {
        return switch (o.kind()) {
            case INPUT -> input;
            case POSITIVE -> SignedParts.positive(input);
            case NEGATIVE -> SignedParts.negative(input);
            case SHIFTED -> input.sub(o.value());
            case CONSTANT -> throw new IllegalStateException("constant operands are folded into their weight");
        };
    }

    /** A formula's reciprocal denominators over a block of steps, from {@link #prepare}. */
    public static final class Prepared {
        private final Formula formula;
        private final boolean inputNonNegative;
        private final List<Entry> entries;
        /** Each distinct reciprocal as {@code [steps, rows, ...]}, so that a step's is one slice. */
        private final Map<INDArray, INDArray> bySteps = new java.util.IdentityHashMap<>();

        private Prepared(Formula formula, boolean inputNonNegative, List<Entry> entries, int steps,
                Map<INDArray, INDArray> written, Function<long[], INDArray> blocks) {
            this.formula = formula;
            this.inputNonNegative = inputNonNegative;
            this.entries = entries;
            for (Entry e : entries) {
                bySteps.computeIfAbsent(e.q(), q -> {
                    INDArray b = written.get(q);
                    if (b != null) {
                        return b;
                    }
                    long[] shape = stepsShape(q, steps);
                    return blocks == null ? q.reshape('c', shape) : blocks.apply(shape).assign(q.reshape('c', shape));
                });
            }
        }

        /**
         * Step {@code t}'s relevance at its input: each share's reciprocal times the step's relevance, then the
         * transposes with the step's own operands.
         *
         * @param step the map's view at step {@code t}
         * @param upper relevance at the step's output; only read
         * @param t the step, an index into the block
         */
        public INDArray relevance(LinearView step, INDArray upper, int t) {
            FormulaPropagation p = new FormulaPropagation(step, formula, upper, inputNonNegative);
            if (entries.isEmpty()) {
                return Nd4j.zerosLike(step.input());
            }
            Map<INDArray, INDArray> quotients = new java.util.IdentityHashMap<>();
            List<Entry> stepEntries = new ArrayList<>(entries.size());
            for (Entry e : entries) {
                INDArray q = quotients.computeIfAbsent(e.q(), r -> bySteps.get(r).slice(t).mul(upper));
                stepEntries.add(new Entry(e.operand(), q, e.w(), e.coefficient()));
            }
            return p.transposes(stepEntries);
        }

        /**
         * The transposes, in the formula's order, for a caller that applies them itself (a recurrent cell split by
         * its input's columns). Such a caller may write each step's quotients into the reciprocals' arrays, after
         * which this object is used up.
         */
        public List<Transpose> transposes() {
            return entries.stream().map(e -> new Transpose(e.operand(), e.q(), e.w(), e.coefficient())).toList();
        }

        /**
         * A transpose's reciprocals as {@code [steps, rows, ...]}: with the caller's blocks, one of them, which the
         * caller then owns.
         */
        public INDArray steps(INDArray reciprocals) {
            return bySteps.get(reciprocals);
        }
    }

    /** A share with its terms after those that vanish are dropped. */
    private record Planned(Share share, List<Term> terms) {
        boolean masked() {
            return share.region() != Share.Region.ALL;
        }

        List<Term> constants() {
            return terms.stream().filter(t -> t.operand().kind() == Operand.Kind.CONSTANT).toList();
        }
    }

    /** One transpose to run: {@code coefficient * transpose(q, w)}, to be multiplied with an operand (or not). */
    private record Entry(Operand operand, INDArray q, INDArray w, double coefficient) {
    }

    private static long[] stepsShape(INDArray q, int steps) {
        long[] shape = new long[q.rank() + 1];
        shape[0] = steps;
        shape[1] = q.size(0) / steps;
        System.arraycopy(q.shape(), 1, shape, 2, q.rank() - 1);
        return shape;
    }

    /** The relevance at the output; in {@link #prepare}, ones, made when a path first reads them. */
    private INDArray upper() {
        if (upper == null) {
            upper = Nd4j.ones(outputType, outputShape);
        }
        return upper;
    }

    private static boolean readsInputSign(Formula formula) {
        return formula.shares().stream().flatMap(s -> s.terms().stream()).anyMatch(t ->
                t.operand().kind() == Operand.Kind.POSITIVE || t.operand().kind() == Operand.Kind.NEGATIVE);
    }

    private List<Planned> resolve() {
        List<Planned> planned = new ArrayList<>();
        for (Share share : formula.shares()) {
            List<Term> terms = new ArrayList<>();
            for (Term t : share.terms()) {
                if (inputNonNegative && t.operand().kind() == Operand.Kind.NEGATIVE) {
                    continue; // x- = 0: the term and its transpose vanish
                }
                if (inputNonNegative && t.operand().kind() == Operand.Kind.POSITIVE) {
                    t = new Term(Operand.INPUT, t.weights(), t.bias(), t.coefficient());
                }
                if (t.coefficient() != 0) {
                    terms.add(t);
                }
            }
            if (!terms.isEmpty() && share.weight() != 0) {
                planned.add(new Planned(share, terms));
            }
        }
        return planned;
    }

    // ---- the general plan -------------------------------------------------------------------------------------

    private boolean recorded(Term t) {
        return t.operand().kind() == Operand.Kind.INPUT && t.weights().equals(WeightMap.WEIGHT)
                && t.coefficient() == 1.0;
    }

    /** Whether the term is the recorded pre-activation with its bias, which a rule may overwrite once taken. */
    private boolean recordedWithBias(Term t) {
        return recorded(t) && (t.bias() || layer.bias() == null);
    }

    private List<Entry> quotients(List<Planned> shares) {
        boolean masks = shares.stream().anyMatch(Planned::masked);
        long recordedTerms = shares.stream().flatMap(s -> s.terms().stream()).filter(this::recorded).count();
        if (!masks && recordedTerms == 0) {
            layer.releaseOutput();
        }
        INDArray z = masks ? layer.output() : null;
        // The one share whose denominator starts from the recorded z may take it, if nothing else reads it.
        boolean mayTake = recordedTerms == 1;
        List<INDArray> maskArrays = new ArrayList<>();
        for (Planned s : shares) {
            maskArrays.add(!s.masked() ? null : s.share().region() == Share.Region.POSITIVE_Z ? z.gt(0) : z.lt(0));
        }
        List<Entry> entries = new ArrayList<>();
        for (int k = 0; k < shares.size(); k++) {
            Planned s = shares.get(k);
            INDArray q = quotient(s, mayTake, maskArrays.get(k));
            if (s.share().weight() != 1.0) {
                q.muli(s.share().weight());
            }
            addEntries(entries, s, q);
        }
        return entries;
    }

    private INDArray quotient(Planned s, boolean mayTake, INDArray mask) {
        if (upper == null && mask == null && s.terms().size() == 1 && recordedWithBias(s.terms().get(0))) {
            // Preparing the epsilon rule (or LRP-0): the quotient of ones is 1 / s(z), read from the recorded z
            // and written where it is kept, where the general path would copy z, fill ones and divide.
            INDArray z = layer.output();
            if (blocks == null) {
                return Stabilizer.reciprocalInto(z, eps, Nd4j.createUninitialized(z.dataType(), z.shape()));
            }
            INDArray block = blocks.apply(stepsShape(z, steps));
            INDArray q = Stabilizer.reciprocalInto(z, eps, block.reshape('c', z.shape()));
            blockOf.put(q, block);
            return q;
        }
        INDArray d = null;
        boolean own = false;
        Sign sign = null;
        for (Term t : s.terms()) {
            if (t.operand().kind() == Operand.Kind.CONSTANT) {
                continue;
            }
            INDArray part;
            boolean partOwn;
            if (recorded(t)) {
                boolean withBias = recordedWithBias(t);
                partOwn = withBias && mayTake;
                part = partOwn ? layer.takeOutput() : withBias ? layer.output() : layer.outputWithoutBias();
            } else {
                part = layer.forward(operand(t.operand()), ModifiedParameters.weight(layer, t.weights()),
                        t.bias() ? ModifiedParameters.bias(layer, t.weights()) : null);
                partOwn = true;
                if (t.coefficient() != 1.0) {
                    part.muli(t.coefficient());
                }
            }
            sign = sign == null ? sign(t) : sign.plus(sign(t));
            if (d == null) {
                d = part;
                own = partOwn;
            } else if (own) {
                d.addi(part);
            } else {
                d = partOwn ? part.addi(d) : part.add(d);
                own = true;
            }
        }
        List<Term> constants = s.constants();
        if (!constants.isEmpty()) {
            INDArray k = constantProduct(constants);
            for (Term t : constants) {
                sign = sign == null ? sign(t) : sign.plus(sign(t));
            }
            if (d == null) {
                // Only constants: the denominator is one sample's, the same for every row, and so is its stabilized
                // form; the division broadcasts it.
                INDArray stabilized = layer.derived("formula-stabilized:" + eps + ":" + key(constants, k),
                        () -> Stabilizer.stabilize(k, eps));
                INDArray q = upper().div(stabilized);
                return mask == null ? q : q.muli(mask);
            }
            if (own) {
                d.addi(k);
            } else {
                d = d.add(k);
                own = true;
            }
        }
        INDArray q;
        if (!own) {
            q = Stabilizer.divide(upper(), d, eps);
        } else if (sign == Sign.NON_NEGATIVE && mask == null) {
            q = Stabilizer.divideNonNegativeInPlace(upper(), d, eps);
        } else {
            q = Stabilizer.divideInPlace(upper(), d, eps);
        }
        return mask == null ? q : q.muli(mask);
    }

    private Sign sign(Term t) {
        Sign product = Sign.of(t.operand(), inputNonNegative).times(Sign.of(t.weights()));
        if (t.bias() && layer.bias() != null) {
            product = product.plus(Sign.of(t.weights()));
        }
        return product.times(Sign.of(t.coefficient()));
    }

    /** The input relevance's transposes of one share: its own terms, and its constants folded into one weight. */
    private void addEntries(List<Entry> entries, Planned s, INDArray q) {
        boolean folded = false;
        for (Term t : s.terms()) {
            if (t.operand().kind() == Operand.Kind.CONSTANT) {
                if (!folded) {
                    entries.add(new Entry(null, q, constantWeight(s.constants()), 1.0));
                    folded = true;
                }
            } else {
                entries.add(new Entry(t.operand(), q, ModifiedParameters.weight(layer, t.weights()), t.coefficient()));
            }
        }
    }

    // ---- constants ---------------------------------------------------------------------------------------------

    /** {@code sum_t coefficient_t value_t map_t(w)}: the constant terms' weights, one array per layer. */
    private INDArray constantWeight(List<Term> constants) {
        if (layer.weight() == null) {
            throw new IllegalStateException("terms with a constant operand need a layer with weights");
        }
        return layer.derived("formula-constant-w:" + constants, () -> {
            INDArray sum = null;
            for (Term t : constants) {
                INDArray part = ModifiedParameters.weight(layer, t.weights()).mul(t.coefficient()
                        * t.operand().value());
                sum = sum == null ? part : sum.addi(part);
            }
            return sum;
        });
    }

    /** The constant terms' product for one sample of ones, bias terms included, one array per layer and shape. */
    private INDArray constantProduct(List<Term> constants) {
        long[] sample = layer.input().shape().clone();
        sample[0] = 1;
        INDArray w = constantWeight(constants);
        return layer.derived("formula-constant-z:" + constants + ":" + Arrays.toString(sample), () -> {
            INDArray b = null;
            for (Term t : constants) {
                INDArray tb = t.bias() ? ModifiedParameters.bias(layer, t.weights()) : null;
                if (tb != null) {
                    INDArray part = tb.mul(t.coefficient());
                    b = b == null ? part : b.addi(part);
                }
            }
            INDArray ones = Nd4j.valueArrayOf(sample, 1.0, layer.input().dataType());
            return layer.forward(ones, w, b);
        });
    }

    private static String key(List<Term> constants, INDArray k) {
        return constants + ":" + Arrays.toString(k.shape());
    }

    // ---- gamma's plan: masked combinations on non-negative inputs ----------------------------------------------

    /**
     * Whether every share (at most two) is one masked term {@code x (a w + b w+ + c w-) (+ b)} with {@code a > 0} on
     * non-negative inputs, all with or all without the bias. Its denominator is then
     * {@code a z + b P + c (z - P)} with {@code P = x w+ (+ b+)}: one product for all shares. With the bias, where
     * every summand has the region's sign (no rounding can cancel), the quotient is written in place.
     */
    private boolean decomposable(List<Planned> shares) {
        if (!inputNonNegative || shares.size() > 2) {
            return false;
        }
        Boolean withBias = null;
        for (Planned s : shares) {
            if (!s.masked() || s.terms().size() != 1) {
                return false;
            }
            Term t = s.terms().get(0);
            WeightMap m = t.weights();
            if (t.operand().kind() != Operand.Kind.INPUT || m.kind() != WeightMap.Kind.COMBINATION
                    || m.equals(WeightMap.WEIGHT) || t.coefficient() != 1.0 || !(m.ofWeight() > 0)) {
                return false;
            }
            boolean bias = t.bias() || layer.bias() == null;
            if (withBias != null && withBias != bias) {
                return false;
            }
            withBias = bias;
        }
        return true;
    }

    /** Whether {@code b P} and {@code c (z - P)} both have the sign of the share's region, or vanish. */
    private static boolean noCancellation(Planned s) {
        WeightMap m = s.terms().get(0).weights();
        double region = s.share().region() == Share.Region.POSITIVE_Z ? 1 : -1;
        return m.ofPositive() * region >= 0 && -m.ofNegative() * region >= 0;
    }

    /** {@code a z + b P + c (z - P)}, as a new array, summed in the order that keeps gamma's rounding. */
    private static INDArray combination(WeightMap m, INDArray z, INDArray p) {
        INDArray d = null;
        if (m.ofNegative() != 0) {
            d = z.sub(p).muli(m.ofNegative());
        }
        if (m.ofPositive() != 0) {
            INDArray bp = p.mul(m.ofPositive());
            d = d == null ? bp : d.addi(bp);
        }
        INDArray az = m.ofWeight() == 1.0 ? z : z.mul(m.ofWeight());
        return d == null ? az.dup() : d.addi(az);
    }

    private List<Entry> decomposedQuotients(List<Planned> shares) {
        boolean withBias = shares.get(0).terms().get(0).bias() || layer.bias() == null;
        INDArray p = layer.forward(layer.input(), ModifiedParameters.weight(layer, WeightMap.POSITIVE),
                withBias ? ModifiedParameters.bias(layer, WeightMap.POSITIVE) : null);
        int n = shares.size();
        INDArray[] q = shares.stream().allMatch(FormulaPropagation::noCancellation) && withBias
                ? inPlaceQuotients(shares, p) : maskedQuotients(shares, p, withBias);
        List<Entry> entries = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Planned s = shares.get(k);
            if (s.share().weight() != 1.0) {
                q[k].muli(s.share().weight());
            }
            entries.add(new Entry(Operand.INPUT, q[k], ModifiedParameters.weight(layer, s.terms().get(0).weights()),
                    1.0));
        }
        return entries;
    }

    /**
     * The quotients written where {@code P} and, with two shares, the taken {@code z} were, a piece at a time: no
     * denominator is ever a whole array. Each denominator has its region's sign wherever z has it, so the
     * one-sided divisions stabilize exactly as {@code s(d)} does there.
     */
    private INDArray[] inPlaceQuotients(List<Planned> shares, INDArray p) {
        int n = shares.size();
        INDArray z = n == 2 ? layer.takeOutput() : layer.output();
        Chunks.elementWise(pieces -> {
            INDArray zc = pieces[0];
            INDArray pc = pieces[1];
            INDArray uc = pieces[2];
            INDArray[] qc = new INDArray[n];
            for (int k = 0; k < n; k++) {
                Planned s = shares.get(k);
                INDArray d = combination(s.terms().get(0).weights(), zc, pc);
                qc[k] = s.share().region() == Share.Region.POSITIVE_Z
                        ? Stabilizer.divideWherePositiveInPlace(uc, d, zc, eps)
                        : Stabilizer.divideWhereNegativeInPlace(uc, d, zc, eps);
            }
            for (int k = 0; k < n; k++) {
                pieces[k == 0 ? 1 : 0].assign(qc[k]);
                Chunks.free(qc[k]);
            }
        }, z, p, upper());
        return n == 2 ? new INDArray[] {p, z} : new INDArray[] {p};
    }

    /** The quotients of denominators built on z without its bias, whose sign is not known: stabilized and masked. */
    private INDArray[] maskedQuotients(List<Planned> shares, INDArray p, boolean withBias) {
        INDArray z = layer.output();
        INDArray base = withBias ? z : layer.outputWithoutBias();
        INDArray[] q = new INDArray[shares.size()];
        for (int k = 0; k < q.length; k++) {
            Planned s = shares.get(k);
            INDArray d = combination(s.terms().get(0).weights(), base, p);
            q[k] = Stabilizer.divideInPlace(upper(), d, eps)
                    .muli(s.share().region() == Share.Region.POSITIVE_Z ? z.gt(0) : z.lt(0));
        }
        return q;
    }

    // ---- transposes --------------------------------------------------------------------------------------------

    private INDArray transposes(List<Entry> entries) {
        // Grouped by operand (null: the folded constants, which multiply nothing), in the order the formula gives.
        Map<Operand, List<Entry>> byOperand = new LinkedHashMap<>();
        for (Entry e : entries) {
            byOperand.computeIfAbsent(e.operand(), o -> new ArrayList<>()).add(e);
        }
        INDArray result = null;
        for (Map.Entry<Operand, List<Entry>> group : byOperand.entrySet()) {
            INDArray g = sumOfTransposes(group.getValue());
            if (group.getKey() != null) {
                g.muli(operand(group.getKey()));
            }
            result = result == null ? g : result.addi(g);
        }
        return result;
    }

    private INDArray sumOfTransposes(List<Entry> group) {
        INDArray sum = null;
        int i = 0;
        while (i < group.size()) {
            Entry a = group.get(i);
            INDArray part;
            if (i + 1 < group.size() && a.coefficient() == 1.0 && group.get(i + 1).coefficient() == 1.0) {
                Entry b = group.get(i + 1);
                part = layer.transposeSum(a.q(), a.w(), b.q(), b.w());
                i += 2;
            } else {
                part = layer.transpose(a.q(), a.w());
                if (a.coefficient() != 1.0) {
                    part.muli(a.coefficient());
                }
                i += 1;
            }
            sum = sum == null ? part : sum.addi(part);
        }
        return sum;
    }

    /** An operand's array, made once per call; the input itself is the engine's and only read. */
    private INDArray operand(Operand o) {
        return operands.computeIfAbsent(o, k -> operandOf(k, layer.input()));
    }
}
