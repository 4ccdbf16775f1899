package io.github.cryptocloudwithdrawals.deploy;

import static io.github.cryptocloudwithdrawals.testsupport.MonitoringFiles.metricNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.MonitoringFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The alerting rules and the dashboard as an operator loads them: each alert says what happened,
 * what to do and where its runbook is; the metric names they read are found (ExportedMetricsTest
 * checks the service exports each one).
 */
class MonitoringFilesTest {

    private static final Path OPERATIONS = Path.of("docs/operations.md");

    static List<Object[]> expressions() {
        return List.of(
                new Object[] {"max without (instance, pod) (withdrawals_unresolved_unknown) > 0", Set.of("withdrawals_unresolved_unknown")},
                new Object[] {"histogram_quantile(0.95, sum by (le, account) (rate(a_bucket{job=\"$job\", x=~\"b(c)|d\"}[$__rate_interval])))",
                        Set.of("a_bucket")},
                new Object[] {"x{stage=\"submission\"} > 0 unless ignoring (stage) sum without (instance, answer) (increase(y_count[5m])) > 0",
                        Set.of("x", "y_count")},
                new Object[] {"a * ignoring (stage) b > 3600 or on(account) c offset 5m", Set.of("a", "b", "c")},
                new Object[] {"absent(up{job=\"cryptocloud-withdrawals\"} == 1)", Set.of("up")},
                new Object[] {"sum(rate(z_total[1m])) * 60 + 1e3 - 0.5", Set.of("z_total")});
    }

    @ParameterizedTest
    @MethodSource("expressions")
    void readsTheMetricNamesOfAnExpressionAndNothingElse(String promql, Set<String> names) {
        assertThat(metricNames(promql)).isEqualTo(names);
    }

    @Test
    void everyAlertSaysWhatHappenedWhatToDoAndWhereItsRunbookIs() {
        Set<String> anchors = MonitoringFiles.read(OPERATIONS).lines().filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "")
                        .replace(' ', '-')).collect(Collectors.toSet());
        List<Map<String, Object>> rules = MonitoringFiles.alertRules();

        assertThat(rules).extracting(rule -> rule.get("alert")).contains("WithdrawalOutcomeUnknown",
                "WithdrawalPayoutsHeld", "WithdrawalSubmissionStalled", "WithdrawalRateLimited", "WithdrawalIntakeBehind",
                "WithdrawalsNotScraped");
        assertThat(rules).allSatisfy(rule -> {
            @SuppressWarnings("unchecked")
            Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) rule.get("labels");
            String alert = (String) rule.get("alert");
            assertThat(annotations).as(alert).containsKeys("summary", "description", "runbook_url");
            assertThat(annotations.get("runbook_url")).as(alert)
                    .isEqualTo("docs/operations.md#" + alert.toLowerCase(Locale.ROOT));
            assertThat(anchors).as("the runbook of %s in %s", alert, OPERATIONS).contains(alert.toLowerCase(Locale.ROOT));
            assertThat(labels.get("severity")).as(alert).isIn("page", "ticket");
        });
        assertThat(rules).filteredOn(rule -> rule.get("alert").equals("WithdrawalOutcomeUnknown"))
                .singleElement().satisfies(rule -> assertThat(rule.get("labels")).isEqualTo(Map.of("severity", "page")));
    }

    @Test
    void theDashboardAndTheRulesReadTheServicesMetrics() {
        assertThat(MonitoringFiles.metricNamesUsed()).contains("withdrawals_unresolved_unknown", "withdrawals_payouts_held",
                "withdrawals_commands_pending", "withdrawals_api_call_seconds_count", "withdrawals_api_min_interval_seconds",
                "withdrawals_intake_commands_total", "withdrawals_result_latency_seconds_bucket", "withdrawals_results_total",
                "jvm_memory_used_bytes", "jvm_gc_pause_seconds_count");
    }
}
