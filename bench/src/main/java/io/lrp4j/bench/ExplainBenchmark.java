package io.lrp4j.bench;

import io.lrp4j.engine.Explainer;
import io.lrp4j.engine.registry.RuleRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Milliseconds per batch of DL4J's {@code net.output} and of each lrp4j method, on one model and batch size. All
 * methods of a model share the JVM (the runner uses no forks), so their ratios compare like with like. Every call is
 * timed on its own (sample mode), so the report can quote medians: on two cores a garbage collection or the
 * deallocator thread stalls the OpenMP threads of a call now and then, and such calls move a mean far more than a
 * median.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ExplainBenchmark {
    /** The method. */
    @Param({"OUTPUT", "GRADIENT", "EPSILON", "EPSILON_PLUS", "EPSILON_GAMMA_BOX", "EPSILON_ALPHA2_BETA1"})
    public BenchMethod method;

    /**
     * {@code model:batch}. Named and placed so that JMH runs every method of one workload before the next workload:
     * with {@code workload}, it ran each method over all workloads, so a model's {@code net.output} was timed up to
     * 15 minutes before its explanations, and the machine's drift went into the ratios.
     */
    @Param({"fashion-cnn:1", "fashion-cnn:16", "fashion-cnn:64", "mlp:256", "vgg16:1", "vgg16:4", "lstm:1", "lstm:64",
        "relu-rnn:1", "relu-rnn:64", "resnet50:1", "resnet50:4"})
    public String load;

    private static final Map<String, BenchModels.Model> MODELS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, Map<BenchMethod, Explainer>> EXPLAINERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private BenchModels.Model model;
    private Explainer explainer;
    private INDArray input;

    /** Builds (once per JVM) the model and the explainer. */
    @Setup(Level.Trial)
    public void setUp() {
        String[] parts = load.split(":");
        model = MODELS.computeIfAbsent(parts[0], BenchModels::byName);
        input = model.input(Integer.parseInt(parts[1]));
        explainer = EXPLAINERS.computeIfAbsent(parts[0], k -> new EnumMap<>(BenchMethod.class))
                .computeIfAbsent(method, m -> m.explainer(model.net(), RuleRegistry.scan()));
    }

    /** One batch. */
    @Benchmark
    public Object run() {
        return explainer == null ? model.output(input) : explainer.explain(input).relevance();
    }
}
