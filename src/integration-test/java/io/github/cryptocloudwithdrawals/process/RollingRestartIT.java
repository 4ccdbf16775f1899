package io.github.cryptocloudwithdrawals.process;

import static io.github.cryptocloudwithdrawals.process.ProcessScenario.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.github.cryptocloudwithdrawals.testsupport.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Three instances paying from two accounts, restarted one by one (SIGTERM, then a new process)
 * while commands keep coming: every command is paid exactly once, and each key keeps its interval
 * while its queue moves from instance to instance.
 */
@Timeout(240)
@Isolated("it asserts the gaps between calls at the sandbox: other tests' service JVMs starting on the two cores"
        + " could hold a call up between the rate gate and the wire, shortening the next gap as the sandbox sees it")
@Execution(ExecutionMode.SAME_THREAD)
class RollingRestartIT {

    private static final long INTERVAL_MS = 500;

    @Test
    void aRollingRestartLosesAndDoublesNothing() throws Exception {
        try (ProcessScenario scenario = new ProcessScenario("rolling", TestKafka.bootstrapServers(), INTERVAL_MS)
                .withTreasuryAccount()
                // Five JVMs on CI's two cores, one of them starting: a call can be held up between
                // the rate gate and the wire for longer than the default 50 ms margin (measured:
                // 56 ms), which shortens the gap to the next call as the API sees it. The margin
                // is the setting for busy hosts; this test is about the handovers.
                .set("CRYPTOCLOUD_INTERVAL_MARGIN_MS", "150")) {
            List<ServiceProcess> instances = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                instances.add(scenario.launch());
            }
            instances.forEach(instance -> instance.awaitStarted(ProcessScenario.STARTUP));

            AtomicBoolean publishing = new AtomicBoolean(true);
            ExecutorService publisher = Executors.newSingleThreadExecutor();
            // one command per account per interval: about what the two keys can pay
            Future<Integer> published = publisher.submit(() -> {
                int count = 0;
                while (publishing.get()) {
                    scenario.publishNew("default-" + count);
                    scenario.publishNew("treasury-" + count, "treasury");
                    count++;
                    Thread.sleep(INTERVAL_MS);
                }
                return count * 2;
            });
            try {
                scenario.awaitCalls(4, WAIT);
                for (ServiceProcess instance : instances) {
                    instance.terminate();
                    assertThat(instance.waitForExit(Duration.ofSeconds(30))).as(instance.name() + " stopped").isTrue();
                    assertThat(instance.logContains(") shutdown in ")).as(instance.name() + " stopped gracefully").isTrue();
                    scenario.startService();
                }
                int callsAfterRestarts = scenario.calls().size();
                scenario.awaitCalls(callsAfterRestarts + 4, WAIT);
            } finally {
                publishing.set(false);
                publisher.shutdown();
            }
            int commands = published.get(30, TimeUnit.SECONDS);

            scenario.awaitResults(scenario.requestIds(), WAIT);
            assertThat(scenario.requestIds()).hasSize(commands);
            scenario.assertNothingPaidTwiceNothingLost();
            assertThat(scenario.sandbox.requests(scenario.apiKey)).hasSize(commands / 2);
            assertThat(scenario.sandbox.requests(scenario.treasuryKey)).hasSize(commands / 2);
            System.out.printf("%s: %d commands; gaps (ms), default key %s; treasury key %s%n", scenario.run, commands,
                    scenario.sandbox.gapsMillis(scenario.apiKey), scenario.sandbox.gapsMillis(scenario.treasuryKey));
            assertThat(scenario.sandbox.gapsMillis(scenario.apiKey)).as("gaps of the default key")
                    .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(INTERVAL_MS));
            assertThat(scenario.sandbox.gapsMillis(scenario.treasuryKey)).as("gaps of the treasury key")
                    .allSatisfy(gap -> assertThat(gap).isGreaterThanOrEqualTo(INTERVAL_MS));
        }
    }
}
