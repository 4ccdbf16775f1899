package io.github.cryptocloudwithdrawals.benchmark;

import io.github.cryptocloudwithdrawals.sandbox.RecordedRequest;
import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;

/**
 * #4 Memory and stability under backlog: the real jar with default settings (one call per 12 s +
 * 50 ms), 100,000 valid commands published at once, watched for N minutes. Samples of heap after a
 * full GC, both stages' lag, calls and CPU are taken once per call, about a second after it (so the
 * forced GC never lands next to a call and cannot shorten a gap the API sees). Rebalances: each
 * consumer's own {@code rebalance-total}, and the groups' member ids before and after.
 */
final class BacklogMemory {

    static final long INTERVAL_MS = 12_000;

    record Sample(double minute, long heapAfterGc, long intakeLag, long submissionsLag, int calls, long cpuNanos) {
    }

    record Result(int commands, int minutes, long maxHeap, long idleHeap, List<Sample> samples,
                  Map<String, Double> rebalancesBefore, Map<String, Double> rebalancesAfter,
                  Set<String> membersBefore, Set<String> membersAfter, double intakeDrainedSeconds, double publishSeconds,
                  Gaps serviceGaps, Gaps naiveGaps, long rateLimitedOrFailed, Holdups holdups,
                  double firstCallSeconds, double laterCallsMeanSeconds) {
    }

    private final BenchEnvironment env;
    private final Path jar;
    private final Path workDir;
    private final int commands;
    private final int minutes;

    BacklogMemory(BenchEnvironment env, Path jar, Path workDir, int commands, int minutes) {
        this.env = env;
        this.jar = jar;
        this.workDir = workDir;
        this.commands = commands;
        this.minutes = minutes;
    }

    Result run() throws Exception {
        ServiceTopics topics = ServiceTopics.named(env, "backlog");
        env.sandbox.setDefaultAnswer(SandboxAnswer.delayed(RateUtilisation.LATENCY_MS, SandboxAnswer.success()));
        env.sandbox.clearRequests();
        Path log = workDir.resolve("backlog-service.log");
        Files.deleteIfExists(log);
        Progress.say("backlog: starting the jar (default settings: one call per 12 s + 50 ms); log %s", log);
        try (ServiceProcess service = env.launchJar(jar, workDir, "backlog-service", topics)) {
            service.awaitReady(Duration.ofSeconds(120));
            try (JvmProbe probe = JvmProbe.attach(service.pid())) {
                long idleHeap = probe.heapAfterGc();
                Map<String, Double> rebalancesBefore = probe.rebalances();
                Set<String> membersBefore = members(topics);

                // the naive client paces its own calls at 12 s against the same stub, at the same time
                String naiveTopic = env.name("backlog-naive");
                env.createTopic(naiveTopic, 1, false);
                int naiveCommands = minutes * 60_000 / (int) INTERVAL_MS + 2;
                env.publishAll(naiveTopic, naiveCommands, i -> new String[]{"naive12-" + i,
                        BenchEnvironment.validCommand("naive12-" + i, "1.5")});

                Progress.say("backlog: publishing %,d valid commands, then watching for %d min", commands, minutes);
                long start = System.nanoTime();
                env.publishAll(topics.commands(), commands, i -> {
                    String id = "backlog-" + i;
                    // a different amount each, as real payouts are
                    return new String[]{id, BenchEnvironment.validCommand(id, "1." + (i + 1))};
                });
                double publishSeconds = (System.nanoTime() - start) / 1e9;
                List<Sample> samples = new ArrayList<>();
                double intakeDrained = Double.NaN;
                double firstCallSeconds = Double.NaN;
                long end = start + TimeUnit.MINUTES.toNanos(minutes);
                try (NaiveClient naive = new NaiveClient(env.bootstrapServers(), env.name("backlog-naive-group"), naiveTopic,
                        env.sandbox.baseUrl(), BenchEnvironment.NAIVE_KEY, INTERVAL_MS)) {
                    int sampledAfterCalls = 0;
                    while (System.nanoTime() < end) {
                        BenchEnvironment.sleep(250);
                        if (Double.isNaN(intakeDrained) && env.lag(topics.group(), topics.commands()) == 0) {
                            intakeDrained = (System.nanoTime() - start) / 1e9;
                            Progress.say("backlog: intake passed all %,d commands on after %.1f s", commands, intakeDrained);
                        }
                        List<RecordedRequest> calls = env.payoutCalls(BenchEnvironment.SERVICE_KEY);
                        if (calls.size() > sampledAfterCalls
                                && System.nanoTime() - calls.get(calls.size() - 1).arrivalNanos() > 1_000_000_000L) {
                            sampledAfterCalls = calls.size();
                            if (calls.size() == 1) {
                                // the service's own latency histogram holds just this call: its max is the first call
                                firstCallSeconds = metric(service.managementPort(), "withdrawals_api_call_seconds_max");
                            }
                            Sample sample = new Sample((System.nanoTime() - start) / 6e10, probe.heapAfterGc(),
                                    env.lag(topics.group(), topics.commands()),
                                    env.lag(topics.submitterGroup(), topics.submissions()),
                                    calls.size(), service.cpuNanos());
                            samples.add(sample);
                            Progress.say("backlog: %.1f min: heap after GC %s, intake lag %,d, submissions lag %,d, calls %d",
                                    sample.minute(), Stats.mib(sample.heapAfterGc()), sample.intakeLag(),
                                    sample.submissionsLag(), sample.calls());
                        }
                    }
                }
                double callSum = metric(service.managementPort(), "withdrawals_api_call_seconds_sum");
                double callCount = metric(service.managementPort(), "withdrawals_api_call_seconds_count");
                double laterMean = callCount > 1 ? (callSum - firstCallSeconds) / (callCount - 1) : Double.NaN;
                Map<String, Double> rebalancesAfter = probe.rebalances();
                Set<String> membersAfter = members(topics);
                List<RecordedRequest> serviceCalls = env.payoutCalls(BenchEnvironment.SERVICE_KEY);
                Gaps serviceGaps = Gaps.of(serviceCalls, INTERVAL_MS);
                Gaps.dump(serviceCalls, workDir.resolve("gaps-backlog-12000.txt"));
                Holdups holdups = Holdups.of(serviceCalls, env.plannedCallStarts(topics.ledger()));
                List<RecordedRequest> naiveCalls = env.payoutCalls(BenchEnvironment.NAIVE_KEY);
                Gaps naiveGaps = naiveCalls.size() >= 2 ? Gaps.of(naiveCalls, INTERVAL_MS) : null;
                long failed = env.endOffset(topics.failed());
                env.sandbox.resetDefault();
                return new Result(commands, minutes, probe.maxHeap(), idleHeap, samples, rebalancesBefore, rebalancesAfter,
                        membersBefore, membersAfter, intakeDrained, publishSeconds, serviceGaps, naiveGaps, failed, holdups,
                        firstCallSeconds, laterMean);
            }
        }
    }

    /** A value of the service's Prometheus endpoint, for answer="created"; NaN when absent. */
    static double metric(int port, String name) {
        try {
            String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/observe/metrics")).timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith(name + "{") && line.contains("answer=\"created\"")) {
                    return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        } catch (Exception e) {
            // reported as unknown
        }
        return Double.NaN;
    }

    /** "group/member id" of every member of both of the service's groups. */
    private Set<String> members(ServiceTopics topics) throws Exception {
        Set<String> members = new TreeSet<>();
        Map<String, ConsumerGroupDescription> groups = env.admin.describeConsumerGroups(
                List.of(topics.group(), topics.submitterGroup())).all().get(10, TimeUnit.SECONDS);
        for (ConsumerGroupDescription group : groups.values()) {
            for (MemberDescription member : group.members()) {
                members.add(group.groupId() + "/" + member.consumerId());
            }
            members.add(group.groupId() + " state " + group.state());
        }
        return members;
    }

    /** How fast the intake moved the valid commands on: all of them, or as many as the run lasted. */
    private static String intakeText(Result r) {
        if (!Double.isNaN(r.intakeDrainedSeconds())) {
            return String.format(Locale.ROOT, "the intake passed all of them on to the submissions topic after %.1f s "
                    + "(%,.0f valid commands/s, while the submitter made its calls)", r.intakeDrainedSeconds(),
                    r.commands() / r.intakeDrainedSeconds());
        }
        if (r.samples().size() < 2) {
            return "the intake had not passed them all on by the end";
        }
        Sample first = r.samples().get(0);
        Sample last = r.samples().get(r.samples().size() - 1);
        return String.format(Locale.ROOT, "the intake passed them on to the submissions topic at %,.0f valid commands/s "
                + "(not all within the run; the backlog then waits in the commands topic instead, equally outside the heap)",
                (first.intakeLag() - last.intakeLag()) / ((last.minute() - first.minute()) * 60));
    }

    static Section section(Result r) {
        Section section = new Section("backlog", "Memory and stability under backlog");
        List<Sample> samples = r.samples();
        List<Sample> drained = samples.stream().filter(s -> s.intakeLag() == 0).collect(Collectors.toList());
        long lastHeap = samples.isEmpty() ? -1 : samples.get(samples.size() - 1).heapAfterGc();
        long maxSampled = samples.stream().mapToLong(Sample::heapAfterGc).max().orElse(-1);
        long minDrained = drained.stream().mapToLong(Sample::heapAfterGc).min().orElse(-1);
        long maxDrained = drained.stream().mapToLong(Sample::heapAfterGc).max().orElse(-1);
        double rebalancesDuring = r.rebalancesAfter().entrySet().stream()
                .mapToDouble(e -> e.getValue() - r.rebalancesBefore().getOrDefault(e.getKey(), 0.0)).sum();
        boolean sameMembers = r.membersBefore().equals(r.membersAfter());
        section.mustHold("consumer rebalances during the run", String.format(Locale.ROOT, "%.0f (members %s)",
                rebalancesDuring, sameMembers ? "unchanged" : "CHANGED"), "0", rebalancesDuring == 0 && sameMembers);
        section.check("heap after GC after " + r.minutes() + " min, backlog ≈ " + String.format(Locale.ROOT, "%,d", r.commands()),
                Stats.mib(lastHeap) + " (idle, empty: " + Stats.mib(r.idleHeap()) + ")",
                "flat: within idle + 32 MiB", lastHeap >= 0 && lastHeap - r.idleHeap() <= 32L << 20);
        long minSampled = samples.stream().mapToLong(Sample::heapAfterGc).min().orElse(-1);
        section.check("commands held in memory", samples.isEmpty() ? "—"
                        : String.format(Locale.ROOT, "heap %s–%s while the submissions topic went from %,d to %,d queued commands",
                        Stats.mib(minSampled), Stats.mib(maxSampled), samples.get(0).submissionsLag(),
                        samples.get(samples.size() - 1).submissionsLag()),
                "do not grow with the backlog: heap range ≤ 16 MiB", samples.size() >= 2 && maxSampled - minSampled <= 16L << 20);
        section.line("The real jar (`java -jar`, no JVM flags, as the Dockerfile runs it; max heap %s by the JVM's default), "
                        + "default settings: one call per 12 s + 50 ms margin; the stub answers after %d ms. %,d valid commands "
                        + "published at once (in %.1f s) while the service ran; %s. Then watched for %d min. Heap = used heap right after a full GC "
                        + "(`MemoryMXBean.gc()` through JMX), sampled ~1 s after each call, i.e. every ~12 s.",
                Stats.mib(r.maxHeap()), RateUtilisation.LATENCY_MS, r.commands(), r.publishSeconds(), intakeText(r),
                r.minutes());
        section.blank().line("| minute | heap after GC | intake lag | submissions lag | calls | service CPU since start |");
        section.line("|---|---|---|---|---|---|");
        section.line(String.format(Locale.ROOT, "| 0 (idle, before publishing) | %s | 0 | 0 | 0 | |", Stats.mib(r.idleHeap())));
        for (Sample s : samples) {
            section.line(String.format(Locale.ROOT, "| %.1f | %s | %,d | %,d | %d | %.1f s |", s.minute(), Stats.mib(s.heapAfterGc()),
                    s.intakeLag(), s.submissionsLag(), s.calls(), s.cpuNanos() / 1e9));
        }
        if (drained.size() >= 2) {
            Sample first = drained.get(0);
            Sample last = drained.get(drained.size() - 1);
            double cpuShare = (last.cpuNanos() - first.cpuNanos()) / ((last.minute() - first.minute()) * 6e10);
            section.blank().line("Cost while holding the backlog and calling at the limit (after the intake drained): "
                    + "%.2f %% of one core (%.1f CPU-seconds per minute, forced GCs included), heap flat at %s–%s.",
                    cpuShare * 100, cpuShare * 60, Stats.mib(minDrained), Stats.mib(maxDrained));
        }
        section.blank().line("The service's own `withdrawals_api_call_seconds` (from the gate to the answer; the stub always "
                + "answers after %d ms): first call after start %.0f ms, later calls %.0f ms on average.",
                RateUtilisation.LATENCY_MS, r.firstCallSeconds() * 1000, r.laterCallsMeanSeconds() * 1000);
        section.blank().line("Rebalances: each group consumer's `rebalance-total` (Kafka's consumer-coordinator metric, "
                + "read through JMX; the first join counts 1) before → after: %s → %s. Group members (Admin "
                + "`describeConsumerGroups`) before: %s; after: %s.", r.rebalancesBefore(), r.rebalancesAfter(),
                r.membersBefore(), sameMembers ? "the same" : r.membersAfter());
        section.blank().line("Why memory does not grow: commands wait in Kafka, not in the service. The submitter reads with "
                + "`maxPollRecords=1`; its consumer prefetches at most `max.partition.fetch.bytes` (1 MiB) of the submissions "
                + "topic, whatever the backlog. The ledger holds 32–64 bytes per request already called, not per command "
                + "waiting. Failure events published during the run: %d (rate-limit answers or other failures would show "
                + "here).", r.rateLimitedOrFailed());
        return section;
    }
}
