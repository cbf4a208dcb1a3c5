package dev.warden.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.bench.BenchClient.Result;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The bench's judge is only as good as how it reads its runs: the order, the pairing, the stop. */
class RunsTest {

    @Test
    void interleavedRunsEveryMeasureOncePerRoundInAnOrderThatRotates() throws Exception {
        List<String> order = new ArrayList<>();
        Map<String, Runs.Measure> measures = new LinkedHashMap<>();
        for (String name : List.of("a", "b", "c")) {
            measures.put(name, () -> {
                order.add(name);
                return new Result(order.size(), 0, 0);
            });
        }

        Map<String, List<Result>> runs = Runs.interleaved(measures, 4);

        assertEquals(List.of("a", "b", "c", "b", "c", "a", "c", "a", "b", "a", "b", "c"), order);
        // each measure's runs in round order: "b" ran 2nd, 4th, 9th and 11th
        assertEquals(List.of(2.0, 4.0, 9.0, 11.0), runs.get("b").stream().map(Result::perSecond).toList());
        assertEquals(List.of("a", "b", "c"), List.copyOf(runs.keySet()));
    }

    @Test
    void aRatioIsTheMedianOfTheRoundsOwnRatiosNotTheRatioOfTheMedians() {
        // the machine slows down through the rounds; b is always half of a in its round
        List<Result> a = rates(1000, 800, 600, 400, 200);
        List<Result> b = rates(500, 400, 300, 200, 100);

        assertEquals(0.5, Runs.medianRatio(b, a), 1e-9);
        // one round's outlier moves the median of the round ratios by nothing
        assertEquals(0.5, Runs.medianRatio(rates(500, 400, 900, 200, 100), a), 1e-9);
    }

    @Test
    void theMedianRunIsTheMiddleRateWhateverTheOrder() {
        assertEquals(300, Runs.medianRun(rates(500, 100, 300)).perSecond());
        assertEquals(20, Runs.median(List.of(30.0, 10.0, 20.0)));
    }

    @Test
    void warmingStopsAfterTwoRoundsInARowThatDoNotBeatTheBestByThreePercent() throws Exception {
        // rising, then +2 % (not enough), then +1 % again: stops there
        assertEquals(5, warm(3, 30, 100, 150, 200, 204, 202, 999));
        // a new best resets the count
        assertEquals(6, warm(3, 30, 100, 200, 202, 300, 301, 302, 999));
    }

    @Test
    void warmingRunsAtLeastMinAndAtMostMaxRounds() throws Exception {
        assertEquals(3, warm(3, 30, 100, 100, 100, 100));
        assertEquals(4, warm(3, 4, 100, 200, 400, 800, 1600));
    }

    private static int warm(int min, int max, double... rates) throws Exception {
        Iterator<Double> next = Arrays.stream(rates).boxed().iterator();
        return Runs.warmUntilSteady(min, max, next::next);
    }

    private static List<Result> rates(double... perSecond) {
        return Arrays.stream(perSecond).mapToObj(r -> new Result(r, 0, 0)).toList();
    }
}
