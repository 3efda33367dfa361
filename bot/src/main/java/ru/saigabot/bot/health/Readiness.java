package ru.saigabot.bot.health;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code /readyz} reports: named parts, each ready or not. The parts are named when the
 * application starts and checked only once they exist, so a bot still loading its model says
 * "model: loading" instead of nothing. Other deployments (inference on other machines) name other
 * parts; the endpoint does not change.
 */
public final class Readiness {
    private final Map<String, ReadinessCheck> checks = new LinkedHashMap<>();

    /** The parts, in the order they are reported, each with the reason it gives until it is set. */
    public Readiness(Map<String, String> pending) {
        pending.forEach((name, reason) -> checks.put(name, () -> Optional.of(reason)));
    }

    /** The part is up; from now on {@code check} says whether it stays so. */
    public synchronized void set(String name, ReadinessCheck check) {
        checks.put(name, check);
    }

    /** Every part's problem, "name: reason"; empty when all are ready. */
    public Report check() {
        List<Map.Entry<String, ReadinessCheck>> current;
        synchronized (this) {
            current = new ArrayList<>(checks.entrySet());
        }
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ReadinessCheck> part : current) {
            Optional<String> problem;
            try {
                problem = part.getValue().problem();
            } catch (RuntimeException e) {
                problem = Optional.of("check failed: " + e.getMessage());
            }
            problem.ifPresent(reason -> problems.add(part.getKey() + ": " + reason));
        }
        return new Report(List.copyOf(problems));
    }

    /** The outcome of one check of every part. */
    public record Report(List<String> problems) {
        public boolean ready() {
            return problems.isEmpty();
        }
    }
}
