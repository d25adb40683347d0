package io.lrp4j.engine.evaluation;

/**
 * One method's region perturbation result in one order.
 *
 * @param method the method's label
 * @param order the order regions were perturbed in
 * @param meanScore per step (0 = unperturbed, then one entry per step), the target score averaged over the rows
 * @param aopc the area over the perturbation curve: the mean over rows and steps 0..S of {@code f(x) - f(x_k)}
 * @param standardError the standard error of {@code aopc} over the rows
 */
public record PerturbationCurve(String method, Order order, double[] meanScore, double aopc, double standardError) {
    /** The methods of some curves, each once, in the order they first appear. */
    public static java.util.List<String> methods(java.util.List<PerturbationCurve> curves) {
        return curves.stream().map(PerturbationCurve::method).distinct().toList();
    }

    /** A method's curve in one order. */
    public static PerturbationCurve find(java.util.List<PerturbationCurve> curves, String method, Order order) {
        return curves.stream().filter(c -> c.method().equals(method) && c.order() == order).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + order + " curve of " + method));
    }
}
