package io.lrp4j.engine;

/**
 * How integrated gradients integrates the gradient along the path from the baseline to the input: the points
 * {@code t} in {@code [0, 1]} where it takes the gradient and the weight of each.
 */
public enum Quadrature {
    /** The midpoint Riemann sum: {@code t = (k + 0.5) / m}, each weighted {@code 1 / m}. Exact for linear paths. */
    RIEMANN,
    /**
     * Gauss-Legendre quadrature on {@code [0, 1]}: {@code m} points that integrate polynomials of degree up to
     * {@code 2m - 1} exactly, so a smooth path needs far fewer of them than the Riemann sum does; piecewise linear
     * networks (ReLU) are not smooth, so measure both.
     */
    GAUSS_LEGENDRE;

    /** The name on the command line: {@code riemann} or {@code gauss-legendre}. */
    public String label() {
        return EnumLabels.label(this);
    }

    /** The quadrature a command-line name means, or an error naming both. */
    public static Quadrature byLabel(String label) {
        return EnumLabels.byLabel(values(), label, "quadrature");
    }

    /** The {@code m} points in {@code [0, 1]}, ascending. */
    public double[] points(int m) {
        return this == RIEMANN ? midpoints(m) : legendre(m)[0];
    }

    /** The weights of {@link #points}, summing to 1. */
    public double[] weights(int m) {
        if (this == RIEMANN) {
            double[] w = new double[m];
            java.util.Arrays.fill(w, 1.0 / m);
            return w;
        }
        return legendre(m)[1];
    }

    private static double[] midpoints(int m) {
        double[] t = new double[m];
        for (int k = 0; k < m; k++) {
            t[k] = (k + 0.5) / m;
        }
        return t;
    }

    /**
     * The roots of the Legendre polynomial {@code P_m} by Newton's method from the usual cosine guesses, and their
     * weights {@code 2 / ((1 - x^2) P_m'(x)^2)}, moved from {@code [-1, 1]} to {@code [0, 1]}.
     */
    private static double[][] legendre(int m) {
        double[] t = new double[m];
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (m + 0.5));
            double derivative = 0;
            for (int iteration = 0; iteration < 100; iteration++) {
                double previous = 1;
                double p = x;
                for (int j = 2; j <= m; j++) {
                    double next = ((2 * j - 1) * x * p - (j - 1) * previous) / j;
                    previous = p;
                    p = next;
                }
                derivative = m * (x * p - previous) / (x * x - 1);
                double step = p / derivative;
                x -= step;
                if (Math.abs(step) < 1e-15) {
                    break;
                }
            }
            // Roots come in descending order of x; t = (1 - x) / 2 puts them in ascending order on [0, 1].
            t[i] = (1 - x) / 2;
            w[i] = 1 / ((1 - x * x) * derivative * derivative);
        }
        return new double[][] {t, w};
    }
}
