package ru.saigabot.bot.web.admin;

import java.util.LinkedHashMap;
import java.util.Map;
import ru.saigabot.training.arena.ArenaReport;
import ru.saigabot.training.arena.Interval;

/**
 * An arena report as the dashboard's JSON: the fields of {@code report.json}, in snake case, with null where the
 * report has NaN (no decisive vote, no task with two votes), which JSON cannot carry as a number.
 */
final class ArenaJson {
    private ArenaJson() {}

    static Map<String, Object> of(String source, ArenaReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", source);
        body.put("votes", report.votes());
        body.put("tasks", report.tasks());
        body.put("annotators", report.annotators());
        body.put("excluded_votes", report.excludedVotes());
        body.put("pairs", report.pairs().stream().map(ArenaJson::pair).toList());
        body.put("ratings", report.ratings().stream().map(rating -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("variant", rating.variant());
            row.put("rating", number(rating.rating()));
            row.put("interval", interval(rating.interval()));
            row.put("votes", rating.votes());
            return row;
        }).toList());
        body.put("position_bias", bias(report.positionBias()));
        body.put("annotator_results", report.annotatorResults().stream().map(annotator -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("annotator_id", annotator.annotatorId());
            row.put("votes", annotator.votes());
            row.put("control_votes", annotator.controlVotes());
            row.put("control_correct", annotator.controlCorrect());
            row.put("accuracy", number(annotator.accuracy()));
            row.put("excluded", annotator.excluded());
            return row;
        }).toList());
        ArenaReport.Settings settings = report.settings();
        body.put("settings", Map.of("min_accuracy", settings.minAccuracy(), "bootstrap_samples",
                settings.bootstrapSamples(), "bootstrap_seed", settings.bootstrapSeed(), "prior", settings.prior(),
                "method", settings.method()));
        return body;
    }

    private static Map<String, Object> pair(ArenaReport.Pair pair) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("a", pair.a());
        row.put("b", pair.b());
        row.put("wins", pair.wins());
        row.put("ties", pair.ties());
        row.put("both_bad", pair.bothBad());
        row.put("losses", pair.losses());
        row.put("votes", pair.votes());
        row.put("tasks", pair.tasks());
        row.put("win_rate", number(pair.winRate()));
        row.put("win_rate_interval", interval(pair.winRateInterval()));
        row.put("score", number(pair.score()));
        Map<String, Object> agreement = new LinkedHashMap<>();
        agreement.put("tasks", pair.agreement().tasks());
        agreement.put("majority_share", number(pair.agreement().majorityShare()));
        agreement.put("fleiss_kappa", number(pair.agreement().fleissKappa()));
        row.put("agreement", agreement);
        row.put("position_bias", bias(pair.positionBias()));
        return row;
    }

    private static Map<String, Object> bias(ArenaReport.PositionBias bias) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("decisive", bias.decisive());
        row.put("shown_a_wins", bias.shownAWins());
        row.put("shown_a_win_rate", number(bias.shownAWinRate()));
        row.put("interval", interval(bias.interval()));
        return row;
    }

    /** {"low", "high"}, or null when there was nothing to estimate from. */
    private static Map<String, Object> interval(Interval interval) {
        if (Double.isNaN(interval.low()) || Double.isNaN(interval.high())) {
            return null;
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("low", interval.low());
        row.put("high", interval.high());
        return row;
    }

    private static Double number(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }
}
