package io.github.cryptocloudwithdrawals.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What the operators' files ask of the service: the alerting rules (deploy/prometheus/alerts.yaml)
 * and the Grafana dashboard (deploy/grafana/dashboard.json), and the metric names their PromQL
 * uses, read loosely: an identifier that is not a function (followed by "("), a keyword, a label
 * (inside {}, by (), on () ...), a string or a range.
 */
public final class MonitoringFiles {

    public static final Path ALERTS = Path.of("deploy/prometheus/alerts.yaml");
    public static final Path DASHBOARD = Path.of("deploy/grafana/dashboard.json");

    private static final Pattern STRING = Pattern.compile("\"(?:\\\\.|[^\"\\\\])*\"");
    private static final Pattern LABEL_LIST = Pattern.compile(
            "\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*+)(?!\\s*\\()");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");

    private MonitoringFiles() {
    }

    /** The metric names one PromQL expression reads. */
    public static Set<String> metricNames(String promql) {
        String bare = STRING.matcher(promql).replaceAll("\"\"").replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ");
        bare = LABEL_LIST.matcher(bare).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            if (!KEYWORDS.contains(identifier.group(1).toLowerCase())) {
                names.add(identifier.group(1));
            }
        }
        return names;
    }

    /** Every alerting rule of alerts.yaml, as written. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> alertRules() {
        Map<String, Object> file = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(read(ALERTS));
        List<Map<String, Object>> rules = new ArrayList<>();
        ((List<Map<String, Object>>) file.get("groups")).forEach(group ->
                rules.addAll((List<Map<String, Object>>) group.get("rules")));
        return rules;
    }

    /** The expressions of the dashboard's panels, and the metrics its variables' label_values() read. */
    public static List<String> dashboardExpressions() {
        List<String> expressions = new ArrayList<>();
        try {
            JsonNode dashboard = JsonMapping.MAPPER.readTree(read(DASHBOARD));
            dashboard.findValues("targets").forEach(targets -> targets.forEach(target ->
                    expressions.add(target.path("expr").asText())));
            dashboard.path("templating").path("list").forEach(variable -> {
                Matcher labelValues = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
                if (labelValues.find()) {
                    expressions.add(labelValues.group(1));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return expressions;
    }

    /** Every metric name the rules and the dashboard read. */
    public static Set<String> metricNamesUsed() {
        Set<String> names = new TreeSet<>();
        alertRules().forEach(rule -> names.addAll(metricNames((String) rule.get("expr"))));
        dashboardExpressions().forEach(expression -> names.addAll(metricNames(expression)));
        return names;
    }

    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
