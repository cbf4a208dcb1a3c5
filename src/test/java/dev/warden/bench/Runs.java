package dev.warden.bench;

import dev.warden.bench.BenchClient.Result;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the bench runs a measure and reads its runs: a warm-up until the rate stops rising,
 * medians of several runs, and runs of several measures interleaved round by round, each
 * ratio the median of the rounds' own (this machine's speed drifts within minutes, and a
 * ratio of runs taken minutes apart judges the drift: README, "Benchmarks").
 */
final class Runs {

    /** Runs of one figure, of which the median counts. */
    static final int RUNS = 3;
    private static final int MIN_WARM_UP_ROUNDS = 3;
    private static final int MAX_WARM_UP_ROUNDS = 30;

    /** One run of a path or a raw rate: its rate and latencies. */
    interface Measure {
        Result run() throws Exception;
    }

    /** One round of a warm-up, answering its rate (requests, passes or anything that grows as the JIT works). */
    interface Round {
        double run() throws Exception;
    }

    /**
     * Runs {@code measure} in rounds until its rate stops rising: at least
     * {@value #MIN_WARM_UP_ROUNDS} rounds, then until two rounds in a row do not beat the best
     * rate so far by 3 %; at most {@value #MAX_WARM_UP_ROUNDS}. Answers the rounds it took.
     */
    static int warmUntilSteady(Measure measure) throws Exception {
        return warmUntilSteady(MIN_WARM_UP_ROUNDS, MAX_WARM_UP_ROUNDS, () -> measure.run().perSecond());
    }

    /** Rounds until two in a row do not beat the best rate so far by 3 % (at least {@code min}, at most {@code max}). */
    static int warmUntilSteady(int min, int max, Round round) throws Exception {
        double best = 0;
        int flat = 0;
        int rounds = 0;
        while (rounds < max && (rounds < min || flat < 2)) {
            double rate = round.run();
            rounds++;
            if (rate > best * 1.03) {
                best = rate;
                flat = 0;
            } else {
                flat++;
            }
        }
        return rounds;
    }

    /** The run with the median rate of {@value #RUNS} runs of {@code measure}. */
    static Result median(Measure measure) throws Exception {
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            results.add(measure.run());
        }
        return medianRun(results);
    }

    /**
     * {@code rounds} rounds, each one run of every measure, in an order that rotates by one
     * each round (so no path always follows the same one): the runs of each, by name.
     */
    static Map<String, List<Result>> interleaved(Map<String, Measure> measures, int rounds) throws Exception {
        List<String> names = new ArrayList<>(measures.keySet());
        Map<String, List<Result>> runs = new LinkedHashMap<>();
        names.forEach(name -> runs.put(name, new ArrayList<>()));
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < names.size(); i++) {
                String name = names.get((round + i) % names.size());
                runs.get(name).add(measures.get(name).run());
            }
        }
        return runs;
    }

    /** The run with the median rate. */
    static Result medianRun(List<Result> runs) {
        List<Result> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> Double.compare(a.perSecond(), b.perSecond()));
        return sorted.get(sorted.size() / 2);
    }

    /** The median of the rounds' ratios of {@code a} to {@code b} (run i of each is in round i). */
    static double medianRatio(List<Result> a, List<Result> b) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            ratios.add(a.get(i).perSecond() / b.get(i).perSecond());
        }
        return median(ratios);
    }

    /** The rates of runs, in round order: "912, 877, ...". */
    static String perRound(List<Result> runs) {
        return runs.stream().map(r -> String.format("%,.0f", r.perSecond()))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private Runs() {
    }
}
