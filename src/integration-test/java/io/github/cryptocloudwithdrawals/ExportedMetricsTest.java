package io.github.cryptocloudwithdrawals;

import static io.github.cryptocloudwithdrawals.testsupport.PrometheusText.value;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.command;
import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.sandbox.SandboxAnswer;
import io.github.cryptocloudwithdrawals.testsupport.MonitoringFiles;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every metric the alerting rules and the Grafana dashboard read (deploy/prometheus/alerts.yaml,
 * deploy/grafana/dashboard.json) is one the running service exports after some traffic: a paid
 * command, an invalid one and one held while CryptoCloud refuses the key. No panel or alert
 * watches a metric that is never there. And withdrawals_payouts_held is 1 exactly while the
 * account's command is held.
 */
class ExportedMetricsTest extends PipelineTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Made by Prometheus for every target it scrapes, not by the service. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final String GC_PAUSES = "jvm_gc_pause_seconds_count";

    @Test
    void everyMetricTheRulesAndTheDashboardReadIsExported() {
        String paid = requestId("paid");
        String invalid = requestId("invalid");
        publish(paid, command(paid, "USDT_TRC20", TRON_ADDRESS, "1.25"));
        publish(invalid, "{\"request_id\":\"" + invalid + "\"}");
        results().awaitRequests(WAIT, paid, invalid);
        assertThat(value(metrics(), "withdrawals_payouts_held", "account=\"default\"")).isZero();

        sandbox().setDefaultAnswer(SandboxAnswer.status(401, "{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}"));
        String held = requestId("held");
        publish(held, command(held, "USDT_TRC20", TRON_ADDRESS, "2.5"));
        waitFor("the payouts held in the metrics").atMost(WAIT)
                .until(() -> value(metrics(), "withdrawals_payouts_held", "account=\"default\"") == 1);
        String whileHeld = metrics();
        sandbox().resetDefault();
        results().awaitRequests(WAIT, held);
        waitFor("the payouts no longer held").atMost(WAIT)
                .until(() -> value(metrics(), "withdrawals_payouts_held", "account=\"default\"") == 0);
        if (!metrics().contains(GC_PAUSES)) {
            System.gc(); // the GC metrics appear with the first collection, which the JVM reports on a thread of its own
        }
        waitFor("the first collection in the metrics").atMost(WAIT).until(() -> metrics().contains(GC_PAUSES));
        String after = metrics();

        Set<String> exported = new TreeSet<>(names(whileHeld));
        exported.addAll(names(after));
        Set<String> used = MonitoringFiles.metricNamesUsed();
        used.removeAll(PROMETHEUS_OWN);
        assertThat(used).isNotEmpty();
        assertThat(exported).as("metrics exported after a paid, an invalid and a held command").containsAll(used);
        assertThat(after).doesNotContain(API_KEY);
    }

    private String metrics() {
        return management("/observe/metrics").body();
    }

    /** The names of the samples of a Prometheus text scrape (comments and labels left out). */
    private static Set<String> names(String scrape) {
        Set<String> names = new TreeSet<>();
        scrape.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }
}
