package io.github.cryptocloudwithdrawals.benchmark;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;

import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.InJvmService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * #1 Rate utilisation: a backlog of valid commands, every call answered by the stub after a fixed
 * latency; how close the service's call starts come to one per interval, against the naive
 * baseline with the same stub in the same run.
 */
final class RateUtilisation {

    static final long LATENCY_MS = 150;

    /** One measured configuration: the service with both margins, then the naive client. */
    record Scenario(long intervalMillis, long latencyMillis, Gaps withMargin, Gaps withoutMargin, Gaps naive,
                    Holdups holdupsWithMargin, Holdups holdupsWithoutMargin) {
    }

    private Holdups lastHoldups;

    private final BenchEnvironment env;
    private final int commands;
    private final java.nio.file.Path workDir;

    RateUtilisation(BenchEnvironment env, int commands, java.nio.file.Path workDir) {
        this.env = env;
        this.commands = commands;
        this.workDir = workDir;
    }

    private Gaps measured(String apiKey, long intervalMillis, String file) {
        List<io.github.cryptocloudwithdrawals.sandbox.RecordedRequest> calls = env.payoutCalls(apiKey);
        Gaps.dump(calls, workDir.resolve(file));
        return Gaps.of(calls, intervalMillis);
    }

    List<Scenario> run() {
        List<Scenario> scenarios = new ArrayList<>();
        for (long interval : new long[]{100, 300}) {
            env.sandbox.setDefaultAnswer(SandboxAnswer.delayed(LATENCY_MS, SandboxAnswer.success()));
            Gaps withMargin = service(interval, 50);
            Holdups holdupsWithMargin = lastHoldups;
            Gaps withoutMargin = service(interval, 0);
            Holdups holdupsWithoutMargin = lastHoldups;
            Gaps naive = naive(interval);
            scenarios.add(new Scenario(interval, LATENCY_MS, withMargin, withoutMargin, naive, holdupsWithMargin,
                    holdupsWithoutMargin));
        }
        env.sandbox.resetDefault();
        return scenarios;
    }

    private Gaps service(long intervalMillis, long marginMillis) {
        String prefix = "rate-" + intervalMillis + "-m" + marginMillis;
        ServiceTopics topics = ServiceTopics.named(env, prefix);
        Progress.say("rate: service, interval %d ms, margin %d ms, stub latency %d ms, %d commands",
                intervalMillis, marginMillis, LATENCY_MS, commands);
        InJvmService service = env.startService(topics, Map.of(
                "cryptocloud.min-interval-ms", Long.toString(intervalMillis),
                "cryptocloud.interval-margin-ms", Long.toString(marginMillis),
                "cryptocloud.timeout-ms", "5000"));
        try {
            env.sandbox.clearRequests();
            env.publishAll(topics.commands(), commands, i -> {
                String id = prefix + "-" + i;
                return new String[]{id, BenchEnvironment.validCommand(id, "1.5")};
            });
            awaitCalls(BenchEnvironment.SERVICE_KEY, Math.max(intervalMillis + marginMillis, LATENCY_MS));
            waitFor(commands + " success events").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> env.endOffset(topics.succeeded()) >= commands);
        } finally {
            BenchEnvironment.stopInBackground(service, topics.group());
        }
        lastHoldups = Holdups.of(env.payoutCalls(BenchEnvironment.SERVICE_KEY), env.plannedCallStarts(topics.ledger()));
        return measured(BenchEnvironment.SERVICE_KEY, intervalMillis, "gaps-" + prefix + ".txt");
    }

    private Gaps naive(long intervalMillis) {
        String topic = env.name("rate-naive-" + intervalMillis);
        Progress.say("rate: naive client, interval %d ms, stub latency %d ms, %d commands", intervalMillis, LATENCY_MS, commands);
        env.createTopic(topic, 1, false);
        env.publishAll(topic, commands, i -> {
            String id = "naive-" + intervalMillis + "-" + i;
            return new String[]{id, BenchEnvironment.validCommand(id, "1.5")};
        });
        env.sandbox.clearRequests();
        try (NaiveClient client = new NaiveClient(env.bootstrapServers(), env.name("naive-group-" + intervalMillis), topic,
                env.sandbox.baseUrl(), BenchEnvironment.NAIVE_KEY, intervalMillis)) {
            awaitCalls(BenchEnvironment.NAIVE_KEY, intervalMillis + LATENCY_MS);
        }
        return measured(BenchEnvironment.NAIVE_KEY, intervalMillis, "gaps-rate-naive-" + intervalMillis + ".txt");
    }

    private void awaitCalls(String apiKey, long expectedGapMillis) {
        Duration timeout = Duration.ofMillis(commands * (expectedGapMillis * 2 + 200) + 60_000);
        waitFor(commands + " calls at the stub").atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> env.payoutCalls(apiKey).size() >= commands);
    }

    /** The section, with the 12 s figures of the backlog run (#4) when it ran. */
    static Section section(List<Scenario> scenarios, int commands, Gaps realService, Gaps realNaive, Holdups realHoldups) {
        Section section = new Section("rate", "Rate utilisation");
        for (Scenario s : scenarios) {
            if (s.intervalMillis() == 300) {
                section.check("service utilisation, interval 300 ms, stub 150 ms, margin 0",
                        fmt(s.withoutMargin().utilisation()), "≥ 0.995", s.withoutMargin().utilisation() >= 0.995);
                double ownPace = s.withMargin().utilisationOf(s.intervalMillis() + 50);
                section.check("service utilisation of its own pace (interval + margin), 300 ms, default margin 50 ms",
                        fmt(ownPace) + " (of the API's interval: " + fmt(s.withMargin().utilisation()) + ")", "≥ 0.995",
                        ownPace >= 0.995);
            }
        }
        if (realService != null) {
            section.check("service utilisation at the API's 12 s, default margin (backlog run)",
                    fmt(realService.utilisation()) + " (" + realService.calls() + " calls)", "≥ 0.995",
                    realService.utilisation() >= 0.995);
            section.mustHold("service minimum gap at 12 s, default margin", ms(realService.minMillis()), "≥ 12000 ms",
                    realService.belowInterval() == 0);
        }
        for (Scenario s : scenarios) {
            section.mustHold("service minimum gap, interval " + s.intervalMillis() + " ms, default margin",
                    ms(s.withMargin().minMillis()), "≥ " + s.intervalMillis() + " ms", s.withMargin().belowInterval() == 0);
        }
        if (realNaive != null) {
            section.check("naive client utilisation at 12 s, same stub", fmt(realNaive.utilisation()), "(baseline)", true);
        }
        section.line("A backlog of %d valid commands; the stub answers every call after %d ms. Utilisation = "
                + "(N−1)·interval / (last call start − first call start), call starts measured at the stub "
                + "(`RecordedRequest.arrivalNanos`, before the body is read); 1.0 is the API's limit. The naive client is a "
                + "KafkaConsumer loop that sends each request with java.net.http and then sleeps the interval "
                + "([`NaiveClient`](src/benchmark/java/io/github/cryptocloudwithdrawals/benchmark/NaiveClient.java)); "
                + "same stub, same run. Here the service runs in the benchmark JVM, next to the broker and the stub; every "
                + "gap is in `target/bench/gaps-*.txt`.", commands, RateUtilisation.LATENCY_MS);
        for (Scenario s : scenarios) {
            section.blank().line("**Interval %d ms, stub latency %d ms**%s", s.intervalMillis(), s.latencyMillis(),
                    s.latencyMillis() >= s.intervalMillis()
                            ? " — latency > interval: a caller that waits for each answer cannot start calls one interval "
                            + "apart, so no utilisation near 1 is possible here for either caller"
                            : "");
            section.blank().line(Gaps.header());
            section.line(s.withMargin().row("service, margin 50 ms (default)"));
            section.line(s.withoutMargin().row("service, margin 0"));
            section.line(s.naive().row("naive client"));
            if (s.holdupsWithMargin() != null && s.holdupsWithoutMargin() != null) {
                section.blank().line("Service, margin 50: %s. Margin 0: %s.", s.holdupsWithMargin().describe(),
                        s.holdupsWithoutMargin().describe());
            }
            section.blank().line("Service over naive: ×%.2f (default margin), ×%.2f (margin 0). Service against its own "
                            + "pace (interval + margin): %s (margin 50), %s (margin 0).",
                    s.withMargin().utilisation() / s.naive().utilisation(), s.withoutMargin().utilisation() / s.naive().utilisation(),
                    fmt(s.withMargin().utilisationOf(s.intervalMillis() + 50)), fmt(s.withoutMargin().utilisation()));
        }
        if (realService != null) {
            section.blank().line("**Interval 12000 ms (the API's), stub latency %d ms**, measured during the backlog run "
                    + "below (service: the real jar, default settings, its own JVM; naive client: same stub, same time)",
                    RateUtilisation.LATENCY_MS);
            section.blank().line(Gaps.header());
            section.line(realService.row("service, margin 50 ms (default)"));
            if (realNaive != null) {
                section.line(realNaive.row("naive client"));
            }
            if (realHoldups != null) {
                section.blank().line("Service: %s.", realHoldups.describe());
            }
        }
        section.blank().line("Reading it:");
        Scenario paced = scenarios.stream().filter(s -> s.latencyMillis() < s.intervalMillis()).findFirst().orElse(null);
        if (paced != null) {
            long interval = paced.intervalMillis();
            section.line("- **Why the margin.** The rate gate releases calls exactly interval + margin apart on a monotonic "
                    + "clock, but the API measures arrivals on its side, and a call can be held up between the gate and the "
                    + "wire (GC pause, busy CPU, connection set-up): the gap the API sees shrinks by the difference of two such "
                    + "hold-ups. Measured at %d ms: with margin 0, %d of %d gaps were shorter than the interval (shortest "
                    + "%.1f ms, i.e. %.1f ms short) — calls the real API would refuse; with the default 50 ms, none (shortest "
                    + "%.1f ms, %.1f ms under the gate's pace, still %.1f ms above the interval).",
                    interval, paced.withoutMargin().belowInterval(), paced.withoutMargin().calls() - 1,
                    paced.withoutMargin().minMillis(), interval - paced.withoutMargin().minMillis(),
                    paced.withMargin().minMillis(), interval + 50 - paced.withMargin().minMillis(),
                    paced.withMargin().minMillis() - interval);
        }
        if (realHoldups != null && realService != null && realService.belowInterval() > 0) {
            section.line("- **The first call after a start is the slow one — a production problem.** At 12 s the real jar's "
                    + "first call reached the stub %.0f ms after the rate gate released it (cold HTTP path in a fresh JVM: "
                    + "class loading, first connection), later calls at most %.0f ms. The gate times the next call from its "
                    + "own release, not from when the call went out, so the second call after every start reaches the API "
                    + "about %.0f ms too early (shortest gap %.1f ms, gap #%d): more than the 50 ms margin, and the real API "
                    + "would answer it with a rate-limit error (the service then retries after another interval). See the "
                    + "service's own call latency in the backlog section.",
                    realHoldups.firstMs(), realHoldups.laterMaxMs(), realHoldups.beforeMs() - realHoldups.afterMs(),
                    realService.minMillis(), realHoldups.shortestGap());
        }
        section.line("- **What the margin costs.** With it, the ceiling is interval / (interval + 50 ms): 0.667 at 100 ms, "
                + "0.857 at 300 ms, but 0.9958 at the API's real 12 s — so the ≥ 0.995 goal is met where it matters, and at "
                + "short test intervals the service's efficiency shows against its own pace (≈ 1) or with margin 0.");
        section.line("- **Latency above the interval.** Calls are then as far apart as one call takes (API latency plus the "
                + "service's own per-command round trips to Kafka: ledger `done`, result event, offset commit, next record, "
                + "ledger `in_flight`), for the service and the naive client alike: neither overlaps calls (by design: one "
                + "call at a time per API key, so a call is recorded before the next may start).");
        section.line("- **The naive client** sleeps the interval after each answer, so every gap is latency + interval + its "
                + "own overhead: it loses one API latency per call — ~1 % at 12 s with 150 ms, a third of the rate at 300 ms. "
                + "It also has no ledger, no validation and no result events, so it is a lower bound on what a real "
                + "hand-written client costs.");
        return section;
    }

    private static String ms(double millis) {
        return String.format(Locale.ROOT, "%.1f ms", millis);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
