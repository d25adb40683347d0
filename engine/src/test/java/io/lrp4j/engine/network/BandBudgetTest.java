package io.lrp4j.engine.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Bands are a quarter of the running explanation's largest activation, within a floor and the map's own budget. */
class BandBudgetTest {
    private static final long MAP = ConvolutionMap.DEFAULT_BAND_BUDGET;

    @Test
    void outsideAnExplanationTheMapsOwnBudgetHolds() {
        assertEquals(MAP, BandBudget.elements(MAP));
        assertEquals(7, BandBudget.elements(7));
    }

    @Test
    void withinAnExplanationBandsAreAQuarterOfTheLargestActivationSoFar() {
        BandBudget.during(() -> {
            BandBudget.record(6_000_000);
            BandBudget.record(1_000_000);
            assertEquals(1_500_000, BandBudget.elements(MAP));
            BandBudget.record(10_000_000);
            assertEquals(2_500_000, BandBudget.elements(MAP));
            // Never above the map's own budget, which tests set to 0 to force one row per band.
            assertEquals(0, BandBudget.elements(0));
            return null;
        });
        assertEquals(MAP, BandBudget.elements(MAP));
    }

    @Test
    void smallActivationsKeepTheFloorAndLargeOnesTheMapsBudget() {
        BandBudget.during(() -> {
            BandBudget.record(1000);
            assertEquals(BandBudget.LEAST, BandBudget.elements(MAP));
            BandBudget.record(100 * MAP);
            assertEquals(MAP, BandBudget.elements(MAP));
            return null;
        });
    }

    @Test
    void aNestedExplanationKeepsItsOwnSizesAndAFailureRestoresTheOuterOnes() {
        BandBudget.during(() -> {
            BandBudget.record(8_000_000);
            BandBudget.during(() -> {
                BandBudget.record(1_200_000);
                assertEquals(300_000, BandBudget.elements(MAP));
                return null;
            });
            assertThrows(IllegalStateException.class, () -> BandBudget.during(() -> {
                BandBudget.record(800_000);
                throw new IllegalStateException("a rule failed");
            }));
            assertEquals(2_000_000, BandBudget.elements(MAP));
            return null;
        });
    }
}
