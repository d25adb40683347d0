package io.lrp4j.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The quadratures' points and weights, against closed forms and what they must integrate exactly. */
class QuadratureTest {
    @Test
    void gaussLegendreHasItsKnownPointsAndWeights() {
        assertArrayEquals(new double[] {0.5}, Quadrature.GAUSS_LEGENDRE.points(1), 1e-15);
        assertArrayEquals(new double[] {1}, Quadrature.GAUSS_LEGENDRE.weights(1), 1e-15);
        double r = Math.sqrt(0.6) / 2;
        assertArrayEquals(new double[] {0.5 - r, 0.5, 0.5 + r}, Quadrature.GAUSS_LEGENDRE.points(3), 1e-14);
        assertArrayEquals(new double[] {5 / 18.0, 8 / 18.0, 5 / 18.0}, Quadrature.GAUSS_LEGENDRE.weights(3), 1e-14);
    }

    @Test
    void mPointsIntegrateEveryPowerUpTo2mMinus1Exactly() {
        for (int m : new int[] {2, 5, 16, 64}) {
            double[] t = Quadrature.GAUSS_LEGENDRE.points(m);
            double[] w = Quadrature.GAUSS_LEGENDRE.weights(m);
            for (int power = 0; power <= 2 * m - 1; power += Math.max(1, m / 4)) {
                double integral = 0;
                for (int k = 0; k < m; k++) {
                    integral += w[k] * Math.pow(t[k], power);
                }
                assertEquals(1.0 / (power + 1), integral, 1e-12, m + " points, t^" + power);
            }
            if (m > 5) {
                continue;
            }
            // One power beyond: no longer exact, so the check above could fail (with more points the error of the
            // next power falls below double rounding).
            double beyond = 0;
            for (int k = 0; k < m; k++) {
                beyond += w[k] * Math.pow(t[k], 2 * m);
            }
            org.junit.jupiter.api.Assertions.assertTrue(Math.abs(beyond - 1.0 / (2 * m + 1)) > 1e-15,
                    m + " points, t^" + 2 * m);
        }
    }

    @Test
    void riemannIsTheMidpointSum() {
        assertArrayEquals(new double[] {0.125, 0.375, 0.625, 0.875}, Quadrature.RIEMANN.points(4), 0);
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, Quadrature.RIEMANN.weights(4), 0);
    }

    @Test
    void namesRoundTripAndUnknownOnesAreRefused() {
        for (Quadrature q : Quadrature.values()) {
            assertEquals(q, Quadrature.byLabel(q.label()));
        }
        assertEquals("unknown quadrature 'simpson': riemann or gauss-legendre",
                org.junit.jupiter.api.Assertions.assertThrows(ExplainException.class,
                        () -> Quadrature.byLabel("simpson")).getMessage());
    }
}
