package ru.saigabot.training.arena;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Turns the decided arena votes into an {@link ArenaReport}. Pure: the same votes give the same report. */
public final class ArenaAnalysis {
    public static final int DEFAULT_BOOTSTRAP = 1000;
    public static final long DEFAULT_SEED = 20240401L;
    /** One virtual tie per pair that met: see {@link BradleyTerry}. */
    public static final double DEFAULT_PRIOR = 1.0;

    static final List<String> METHOD = List.of(
            "W-T-L: wins-ties-losses of the first variant; a \"both bad\" vote counts as a tie.",
            "Win rate: wins / (wins + losses), the share of decisive votes; 95% interval: Wilson score interval "
                    + "on those decisive votes. Score: (wins + ties / 2) / all votes.",
            "Agreement: over tasks with two votes or more; majority share = the largest verdict's share of a "
                    + "task's votes, averaged; Fleiss' kappa over the verdicts (a, b, tie, both bad).",
            "Position bias: among decisive votes, the share won by the answer shown as \"A\" (first); the order "
                    + "is drawn per showing, so 50% means no bias. Wilson 95% interval.",
            "Bradley–Terry: Hunter's MM algorithm, ties as half a win each, plus a prior of virtual ties per pair "
                    + "that met; ratings on the Elo scale (1000 + 400 log10 strength, geometric mean 1000); 95% "
                    + "intervals: percentiles 2.5 and 97.5 of a bootstrap over tasks with a fixed seed.",
            "Control tasks (a known right answer) measure each annotator's accuracy and are left out of every "
                    + "other figure; annotators below the minimum accuracy are left out entirely.");

    private final double minAccuracy;
    private final int bootstrapSamples;
    private final long seed;
    private final double prior;

    public ArenaAnalysis(double minAccuracy, int bootstrapSamples, long seed, double prior) {
        if (!(minAccuracy >= 0 && minAccuracy <= 1)) {
            throw new IllegalArgumentException("--min-accuracy = " + minAccuracy + " is out of range; allowed 0..1");
        }
        if (bootstrapSamples < 0 || bootstrapSamples > 100_000) {
            throw new IllegalArgumentException("--bootstrap = " + bootstrapSamples + " is out of range; allowed 0..100000");
        }
        this.minAccuracy = minAccuracy;
        this.bootstrapSamples = bootstrapSamples;
        this.seed = seed;
        this.prior = prior;
    }

    public ArenaReport analyse(List<ArenaVote> votes) {
        List<ArenaReport.Annotator> annotators = annotators(votes);
        Set<Long> excluded = new java.util.HashSet<>();
        annotators.stream().filter(ArenaReport.Annotator::excluded).forEach(a -> excluded.add(a.annotatorId()));
        List<ArenaVote> kept = new ArrayList<>();
        int excludedVotes = 0;
        for (ArenaVote vote : votes) {
            if (excluded.contains(vote.annotatorId())) {
                excludedVotes++;
            } else if (vote.control() == null) {
                kept.add(vote);
            }
        }
        Map<String, List<ArenaVote>> byPair = new LinkedHashMap<>();
        Map<String, String[]> orientation = new HashMap<>();
        for (ArenaVote vote : kept) {
            String key = key(vote.variantA(), vote.variantB());
            orientation.putIfAbsent(key, new String[] {vote.variantA(), vote.variantB()});
            byPair.computeIfAbsent(key, k -> new ArrayList<>()).add(vote);
        }
        List<ArenaReport.Pair> pairs = new ArrayList<>();
        byPair.forEach((key, pairVotes) -> pairs.add(pair(orientation.get(key), pairVotes)));
        Set<Long> tasks = new LinkedHashSet<>();
        Set<Long> people = new LinkedHashSet<>();
        kept.forEach(v -> {
            tasks.add(v.taskId());
            people.add(v.annotatorId());
        });
        return new ArenaReport(kept.size(), tasks.size(), people.size(), excludedVotes, pairs, ratings(kept),
                positionBias(kept), annotators, new ArenaReport.Settings(minAccuracy, bootstrapSamples, seed, prior,
                METHOD));
    }

    private List<ArenaReport.Annotator> annotators(List<ArenaVote> votes) {
        Map<Long, int[]> counts = new LinkedHashMap<>(); // votes, control votes, control correct
        for (ArenaVote vote : votes) {
            int[] c = counts.computeIfAbsent(vote.annotatorId(), id -> new int[3]);
            c[0]++;
            if (vote.control() != null) {
                c[1]++;
                if (vote.verdict() == vote.control()) {
                    c[2]++;
                }
            }
        }
        List<ArenaReport.Annotator> annotators = new ArrayList<>();
        counts.forEach((id, c) -> {
            double accuracy = c[1] == 0 ? Double.NaN : (double) c[2] / c[1];
            annotators.add(new ArenaReport.Annotator(id, c[0], c[1], c[2], accuracy,
                    c[1] > 0 && accuracy < minAccuracy));
        });
        return annotators;
    }

    private static ArenaReport.Pair pair(String[] names, List<ArenaVote> votes) {
        int[] verdicts = new int[4]; // a wins, b wins, tie, both bad, from names[0]'s side
        Map<Long, int[]> perTask = new LinkedHashMap<>();
        for (ArenaVote vote : votes) {
            Verdict verdict = vote.variantA().equals(names[0]) ? vote.verdict() : vote.verdict().flipped();
            verdicts[verdict.ordinal()]++;
            perTask.computeIfAbsent(vote.taskId(), id -> new int[4])[verdict.ordinal()]++;
        }
        int wins = verdicts[Verdict.A.ordinal()];
        int losses = verdicts[Verdict.B.ordinal()];
        int ties = verdicts[Verdict.TIE.ordinal()];
        int bothBad = verdicts[Verdict.BOTH_BAD.ordinal()];
        int decisive = wins + losses;
        double score = (wins + (ties + bothBad) / 2.0) / votes.size();
        return new ArenaReport.Pair(names[0], names[1], wins, ties, bothBad, losses, perTask.size(),
                decisive == 0 ? Double.NaN : (double) wins / decisive, Wilson.interval(wins, decisive), score,
                Agreement.of(new ArrayList<>(perTask.values())), positionBias(votes));
    }

    static ArenaReport.PositionBias positionBias(List<ArenaVote> votes) {
        int decisive = 0;
        int shownA = 0;
        for (ArenaVote vote : votes) {
            if (vote.verdict().decisive()) {
                decisive++;
                if (vote.shownAWon()) {
                    shownA++;
                }
            }
        }
        return new ArenaReport.PositionBias(decisive, shownA, decisive == 0 ? Double.NaN : (double) shownA / decisive,
                Wilson.interval(shownA, decisive));
    }

    private List<ArenaReport.Rating> ratings(List<ArenaVote> votes) {
        List<String> variants = new ArrayList<>(new LinkedHashSet<>(votes.stream()
                .flatMap(v -> java.util.stream.Stream.of(v.variantA(), v.variantB())).toList()));
        if (variants.isEmpty()) {
            return List.of();
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < variants.size(); i++) {
            index.put(variants.get(i), i);
        }
        int[] counted = new int[variants.size()];
        votes.forEach(v -> {
            counted[index.get(v.variantA())]++;
            counted[index.get(v.variantB())]++;
        });
        double[] point = BradleyTerry.ratings(wins(votes, index, variants.size()), prior);
        Interval[] intervals = bootstrap(votes, index, variants.size());
        List<ArenaReport.Rating> ratings = new ArrayList<>();
        for (int i = 0; i < variants.size(); i++) {
            ratings.add(new ArenaReport.Rating(variants.get(i), point[i], intervals[i], counted[i]));
        }
        ratings.sort((x, y) -> Double.compare(y.rating(), x.rating()));
        return ratings;
    }

    /**
     * Percentile intervals over resampled tasks (a task's votes move together: they share the answers). A task's
     * votes are summed once into its wins per pair, so a sample adds those instead of going through every vote again:
     * the dashboard computes this on each new vote. Wins are whole or half, so the sums are exact and the ratings the
     * same as when adding vote by vote.
     */
    private Interval[] bootstrap(List<ArenaVote> votes, Map<String, Integer> index, int k) {
        Interval[] intervals = new Interval[k];
        Arrays.fill(intervals, Interval.NONE);
        if (bootstrapSamples == 0) {
            return intervals;
        }
        TaskWins tasks = new TaskWins(votes, index);
        Random random = new Random(seed);
        double[][] samples = new double[k][bootstrapSamples];
        for (int s = 0; s < bootstrapSamples; s++) {
            double[][] wins = new double[k][k];
            for (int t = 0; t < tasks.count(); t++) {
                tasks.addTo(wins, random.nextInt(tasks.count()));
            }
            double[] ratings = BradleyTerry.ratings(wins, prior);
            for (int i = 0; i < k; i++) {
                samples[i][s] = ratings[i];
            }
        }
        for (int i = 0; i < k; i++) {
            Arrays.sort(samples[i]);
            intervals[i] = new Interval(percentile(samples[i], 0.025), percentile(samples[i], 0.975));
        }
        return intervals;
    }

    /**
     * Each task's votes summed into wins, as {@link #wins} counts them, in flat arrays: task t's entries are
     * {@code first[t]} until {@code first[t + 1]}, one per pair of variants it was voted on (a task has one pair).
     */
    private static final class TaskWins {
        private final int[] first;
        private final int[] a;
        private final int[] b;
        private final double[] aWins;
        private final double[] bWins;

        TaskWins(List<ArenaVote> votes, Map<String, Integer> index) {
            Map<Long, Map<Long, double[]>> byTask = new LinkedHashMap<>(); // task -> (a, b) -> {a wins, b wins}
            for (ArenaVote vote : votes) {
                int va = index.get(vote.variantA());
                int vb = index.get(vote.variantB());
                double[] pair = byTask.computeIfAbsent(vote.taskId(), id -> new LinkedHashMap<>())
                        .computeIfAbsent(((long) va << 32) | vb, key -> new double[2]);
                switch (vote.verdict()) {
                    case A -> pair[0] += 1;
                    case B -> pair[1] += 1;
                    default -> {
                        pair[0] += 0.5;
                        pair[1] += 0.5;
                    }
                }
            }
            int entries = byTask.values().stream().mapToInt(Map::size).sum();
            first = new int[byTask.size() + 1];
            a = new int[entries];
            b = new int[entries];
            aWins = new double[entries];
            bWins = new double[entries];
            int task = 0;
            int entry = 0;
            for (Map<Long, double[]> pairs : byTask.values()) {
                first[task++] = entry;
                for (Map.Entry<Long, double[]> pair : pairs.entrySet()) {
                    a[entry] = (int) (pair.getKey() >>> 32);
                    b[entry] = (int) (long) pair.getKey();
                    aWins[entry] = pair.getValue()[0];
                    bWins[entry] = pair.getValue()[1];
                    entry++;
                }
            }
            first[task] = entry;
        }

        int count() {
            return first.length - 1;
        }

        void addTo(double[][] wins, int task) {
            for (int e = first[task]; e < first[task + 1]; e++) {
                wins[a[e]][b[e]] += aWins[e];
                wins[b[e]][a[e]] += bWins[e];
            }
        }
    }

    static double[][] wins(List<ArenaVote> votes, Map<String, Integer> index, int k) {
        double[][] wins = new double[k][k];
        for (ArenaVote vote : votes) {
            int a = index.get(vote.variantA());
            int b = index.get(vote.variantB());
            switch (vote.verdict()) {
                case A -> wins[a][b] += 1;
                case B -> wins[b][a] += 1;
                default -> {
                    wins[a][b] += 0.5;
                    wins[b][a] += 0.5;
                }
            }
        }
        return wins;
    }

    /** Linear interpolation between the closest ranks of a sorted sample. */
    static double percentile(double[] sorted, double q) {
        double position = q * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = Math.min(lower + 1, sorted.length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }

    private static String key(String a, String b) {
        return a.compareTo(b) < 0 ? a + "\u0000" + b : b + "\u0000" + a;
    }
}
