package io.github.cryptocloudwithdrawals.benchmark;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;

import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.InJvmService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * #7 Replays: duplicates of requests already paid (a renamed consumer group re-reading the
 * commands topic, a producer sending twice) are answered from the ledger with the recorded result
 * ({@code replayed: true}) and no API call; the intake answers them itself, since the ledger holds
 * their final result. A few requests are paid first; then a backlog of their duplicates is
 * published at once, a warm-up round and two measured ones, the best counting. Rate = replay
 * events after the first 10 % of a round / time between their appends (the succeeded topic uses
 * LogAppendTime: the broker's clock).
 */
final class ReplayThroughput {

    static final double GOAL = 5_000;
    private static final int PAID = 5;

    private static final int ROUNDS = 2;

    record Result(int duplicates, List<Double> perSecond, double wholeSeconds, int calls, long replayEvents) {

        double best() {
            return perSecond.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        }
    }

    private final BenchEnvironment env;
    private final int duplicates;

    ReplayThroughput(BenchEnvironment env, int duplicates) {
        this.env = env;
        this.duplicates = duplicates;
    }

    Result run() throws Exception {
        ServiceTopics topics = ServiceTopics.named(env, "replay");
        env.createTopic(topics.succeeded(), 1, true);
        env.sandbox.setDefaultAnswer(SandboxAnswer.success());
        int callsBefore = env.payoutCalls(BenchEnvironment.SERVICE_KEY).size();
        InJvmService service = env.startService(topics, Map.of("cryptocloud.min-interval-ms", "100",
                "cryptocloud.interval-margin-ms", "0"));
        try {
            List<String[]> paid = new ArrayList<>();
            for (int i = 0; i < PAID; i++) {
                String requestId = env.name("replay-paid-" + i);
                paid.add(new String[]{requestId, BenchEnvironment.validCommand(requestId, "1.0" + (i + 1))});
                env.publish(topics.commands(), requestId, paid.get(i)[1]);
            }
            awaitRecords(topics.succeeded(), PAID);
            long answered = PAID;
            double wholeSeconds = 0;
            List<Double> perSecond = new ArrayList<>();
            for (int round = 0; round <= ROUNDS; round++) {
                Progress.say("replay: %d requests paid; publishing %,d duplicates of them (%s)", PAID, duplicates,
                        round == 0 ? "warm-up" : "round " + round);
                long started = System.currentTimeMillis();
                env.publishAll(topics.commands(), duplicates, i -> paid.get(i % PAID));
                awaitRecords(topics.succeeded(), answered + duplicates);
                long from = answered + duplicates / 10;
                long last = answered + duplicates - 1;
                long[] appended = env.timestamps(topics.succeeded(), from, last);
                if (round > 0) {
                    perSecond.add((last - from) / ((appended[1] - appended[0]) / 1000.0));
                    wholeSeconds = Math.max(wholeSeconds, (appended[1] - started) / 1000.0);
                }
                answered += duplicates;
            }
            int calls = env.payoutCalls(BenchEnvironment.SERVICE_KEY).size() - callsBefore;
            Progress.say("replay: %s replays/s, %d API calls", rates(perSecond), calls);
            return new Result(duplicates, perSecond, wholeSeconds, calls, env.endOffset(topics.succeeded()) - PAID);
        } finally {
            BenchEnvironment.stopInBackground(service, topics.group());
        }
    }

    private void awaitRecords(String topic, long records) {
        waitFor(records + " records on " + topic).atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> env.endOffset(topic) >= records);
    }

    static Section section(Result result) {
        Section section = new Section("replay", "Replays of paid requests");
        section.check("replays of paid requests, end to end", String.format(Locale.ROOT, "%,.0f replays/s",
                result.best()), String.format(Locale.ROOT, "≥ %,.0f/s", GOAL), result.best() >= GOAL);
        section.mustHold("API calls for the duplicates", Integer.toString(result.calls() - PAID), "0",
                result.calls() == PAID);
        section.line("%d requests paid first (interval 100 ms), then %,d duplicates of them published at once to the "
                + "commands topic, three times (a warm-up round, then two measured rounds; the best counts); the service "
                + "(in the benchmark JVM) answers every one with the recorded success, `replayed: true`, from the intake: "
                + "the ledger holds their final result, so they are not queued for the submission stage. Rate = replay "
                + "events after the first 10 %% of a round / time between their appends (LogAppendTime). Per round: %s "
                + "replays/s. Duplicates published → last replay appended: at most %.1f s. Replay events: %,d.",
                PAID, result.duplicates(), rates(result.perSecond()), result.wholeSeconds(), result.replayEvents());
        return section;
    }

    private static String rates(List<Double> perSecond) {
        return perSecond.stream().map(rate -> String.format(Locale.ROOT, "%,.0f", rate)).collect(Collectors.joining(" / "));
    }
}
