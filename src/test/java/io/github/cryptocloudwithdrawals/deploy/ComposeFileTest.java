package io.github.cryptocloudwithdrawals.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.cryptocloudwithdrawals.sandbox.CryptoCloudSandbox;
import io.github.cryptocloudwithdrawals.sandbox.SandboxSettings;
import io.github.cryptocloudwithdrawals.testsupport.BundledSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.apache.camel.util.IOHelper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.w3c.dom.Document;

/**
 * docker-compose.yml and the Dockerfile cannot be run here (no Docker engine in the build), so this
 * checks what can drift without anyone noticing: every variable compose sets is one the program
 * reads, the sandbox and the service agree on key, port and rate, the health checks hit the
 * configured ports, and the image runs the jar the pom builds.
 *
 * <p>Variables are interpolated as compose does with nothing set in the environment: the file must
 * work as a demo with no variables at all.
 */
class ComposeFileTest {

    private static final Path COMPOSE_FILE = Path.of("docker-compose.yml");
    private static final Path DOCKERFILE = Path.of("Dockerfile");
    private static final Path POM = Path.of("pom.xml");

    private static Map<String, Object> services;
    private static Properties applicationProperties;

    @BeforeAll
    static void readFiles() throws IOException {
        Object compose = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(COMPOSE_FILE));
        services = map(map(compose).get("services"));
        applicationProperties = BundledSettings.load();
    }

    @Test
    void kafkaSandboxAndServiceEachHaveAHealthCheck() {
        assertThat(services).containsOnlyKeys("kafka", "sandbox", "withdrawals");
        services.forEach((name, definition) -> {
            List<String> test = healthCheck(name);
            assertThat(test).as("healthcheck of %s", name).hasSizeGreaterThan(1);
            assertThat(test.get(0)).as("healthcheck of %s", name).isIn("CMD", "CMD-SHELL");
        });
    }

    @Test
    void serviceStartsOnlyOnceKafkaAndTheSandboxAreHealthy() {
        Map<String, Object> dependsOn = map(service("withdrawals").get("depends_on"));

        assertThat(dependsOn).containsOnlyKeys("kafka", "sandbox");
        dependsOn.values().forEach(dependency ->
                assertThat(map(dependency)).containsEntry("condition", "service_healthy"));
    }

    @Test
    void everyVariableSetForTheServiceIsOneOfItsSettings() {
        // Camel's own rule for the environment variable that overrides a property
        Set<String> settings = applicationProperties.stringPropertyNames().stream()
                .map(IOHelper::normalizeEnvironmentVariable)
                .collect(Collectors.toSet());
        Map<String, String> environment = environment("withdrawals");

        assertThat(environment).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "CRYPTOCLOUD_API_KEY",
                "CRYPTOCLOUD_BASE_URL", "CRYPTOCLOUD_MIN_INTERVAL_MS", "MANAGEMENT_PORT");
        assertThat(environment.keySet())
                .allSatisfy(name -> assertThat(settings.contains(name) || name.startsWith("CAMEL_"))
                        .as("%s is neither the variable of a key in %s nor a CAMEL_ variable",
                                name, BundledSettings.FILE)
                        .isTrue());
    }

    @Test
    void everyVariableSetForTheSandboxIsReadByTheSandbox() {
        Map<String, String> environment = environment("sandbox");
        Set<String> read = new LinkedHashSet<>();

        SandboxSettings.fromEnvironment(recording(environment, read));

        assertThat(read).as("variables SandboxSettings.fromEnvironment reads").isNotEmpty();
        assertThat(environment.keySet()).isSubsetOf(read);
    }

    @Test
    void sandboxListensWhereTheServiceCallsItWithTheSameKeyAndRate() {
        SandboxSettings sandbox = SandboxSettings.fromEnvironment(environment("sandbox"));
        Map<String, String> service = environment("withdrawals");

        assertThat(sandbox.host()).as("reachable from other containers").isEqualTo("0.0.0.0");
        assertThat(service.get("CRYPTOCLOUD_BASE_URL")).isEqualTo("http://sandbox:" + sandbox.port());
        assertThat(sandbox.apiKey()).isEqualTo(service.get("CRYPTOCLOUD_API_KEY"));
        assertThat(Long.parseLong(service.get("CRYPTOCLOUD_MIN_INTERVAL_MS"))).isEqualTo(sandbox.minIntervalMs());
        // the same expression, so they still match when the user sets the variables
        Map<String, String> rawSandbox = rawEnvironment("sandbox");
        Map<String, String> rawService = rawEnvironment("withdrawals");
        assertThat(rawSandbox.get("SANDBOX_API_KEY")).isEqualTo(rawService.get("CRYPTOCLOUD_API_KEY"));
        assertThat(rawSandbox.get("SANDBOX_MIN_INTERVAL_MS")).isEqualTo(rawService.get("CRYPTOCLOUD_MIN_INTERVAL_MS"));
    }

    @Test
    void sandboxRunsTheSandboxMainClassFromTheServiceImage() {
        Map<String, Object> sandbox = service("sandbox");

        assertThat(sandbox.get("build")).isEqualTo(service("withdrawals").get("build"));
        assertThat(list(sandbox.get("entrypoint")))
                .containsExactly("java", "-cp", Dockerfile.read().jarInImage(), CryptoCloudSandbox.class.getName());
    }

    @Test
    void sandboxHealthCheckGetsAnHttpAnswerFromTheSandbox() throws Exception {
        SandboxSettings composed = SandboxSettings.fromEnvironment(environment("sandbox"));
        List<String> test = healthCheck("sandbox");
        // curl without --fail exits 0 on any HTTP answer (the sandbox answers 404 but to payouts)
        assertThat(test).startsWith("CMD", "curl").doesNotContain("-f", "--fail", "-fsS");
        URI target = URI.create(test.get(test.size() - 1));
        assertThat(target.getPort()).isEqualTo(composed.port());

        try (CryptoCloudSandbox sandbox = CryptoCloudSandbox.start(SandboxSettings.forApiKey("k"))) {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + target.getRawPath()))
                            .timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isBetween(200, 499);
        }
    }

    @Test
    void serviceHealthCheckAsksForReadinessOnTheManagementPort() {
        Map<String, String> environment = environment("withdrawals");
        List<String> test = healthCheck("withdrawals");
        String port = environment.get("MANAGEMENT_PORT");

        assertThat(test).startsWith("CMD", "curl").contains("-fsS");
        assertThat(test.get(test.size() - 1)).isEqualTo("http://127.0.0.1:" + port + "/observe/health/ready");
        assertThat(list(service("withdrawals").get("ports"))).anySatisfy(mapping ->
                assertThat(mapping).endsWith(":" + port + ":" + port));
        assertThat(Dockerfile.read().instructions("EXPOSE")).contains(port);
    }

    @Test
    void kafkaIsASingleKraftNodeReachableFromContainersAndTheHost() throws Exception {
        Map<String, Object> kafka = service("kafka");
        Map<String, String> environment = environment("kafka");

        assertThat(kafka.get("image")).isEqualTo("apache/kafka:" + pomProperty("kafka.version"));
        assertThat(environment).containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", environment.get("KAFKA_NODE_ID") + "@kafka:9093")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .containsKeys("CLUSTER_ID", "KAFKA_LISTENERS", "KAFKA_CONTROLLER_LISTENER_NAMES",
                        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "KAFKA_INTER_BROKER_LISTENER_NAME");

        Map<String, String> advertised = listeners(environment.get("KAFKA_ADVERTISED_LISTENERS"));
        Map<String, String> bound = listeners(environment.get("KAFKA_LISTENERS"));
        Map<String, String> protocols = listeners(environment.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
        assertThat(bound.keySet()).containsAll(advertised.keySet())
                .contains(environment.get("KAFKA_CONTROLLER_LISTENER_NAMES"));
        assertThat(protocols.keySet()).containsAll(bound.keySet());
        // the service's bootstrap address is advertised to containers...
        assertThat(advertised).containsValue("//" + environment("withdrawals").get("KAFKA_BOOTSTRAP_SERVERS"));
        // ...and a localhost address is advertised on a published port
        String hostPort = advertised.values().stream().filter(address -> address.startsWith("//localhost:"))
                .map(address -> address.substring("//localhost:".length()))
                .findFirst().orElseThrow(() -> new AssertionError("no listener advertised on localhost"));
        assertThat(list(kafka.get("ports"))).anySatisfy(mapping ->
                assertThat(mapping).endsWith(":" + hostPort + ":" + hostPort));
        assertThat(healthCheck("kafka")).contains("/opt/kafka/bin/kafka-broker-api-versions.sh");
    }

    @Test
    void imageRunsTheJarThePomBuildsAsANonRootUser() throws Exception {
        Dockerfile dockerfile = Dockerfile.read();
        String jar = "target/" + pomBuildFinalName() + ".jar";

        assertThat(pomBuildFinalName()).isEqualTo("cryptocloud-withdrawals");
        assertThat(dockerfile.stages()).hasSize(2);
        assertThat(dockerfile.stages().get(0)).startsWith("maven:3.9-eclipse-temurin-17 ");
        // the health checks use curl, which the Ubuntu-based Temurin images ship
        assertThat(dockerfile.stages().get(1)).isEqualTo("eclipse-temurin:17-jre");
        assertThat(dockerfile.instructions("RUN")).anySatisfy(run ->
                assertThat(run).contains("mvn -B -ntp package -DskipTests"));
        assertThat(dockerfile.instructions("COPY")).anySatisfy(copy ->
                assertThat(copy).matches("--from=build \\S*/" + Pattern.quote(jar) + " /app/app\\.jar"));
        assertThat(dockerfile.instructions("ENTRYPOINT"))
                .containsExactly("[\"java\", \"-jar\", \"" + dockerfile.jarInImage() + "\"]");
        assertThat(dockerfile.runtimeInstructions("USER")).singleElement()
                .satisfies(user -> assertThat(user.split(":")[0]).isNotIn("root", "0"));
    }

    // --- compose --------------------------------------------------------------------------------

    private static Map<String, Object> service(String name) {
        assertThat(services).containsKey(name);
        return map(services.get(name));
    }

    private static List<String> healthCheck(String service) {
        Map<String, Object> healthcheck = map(service(service).get("healthcheck"));
        assertThat(healthcheck.get("disable")).isNotEqualTo(true);
        return list(healthcheck.get("test"));
    }

    /** The service's environment as compose passes it, with no variables set on the host. */
    private static Map<String, String> environment(String service) {
        Map<String, String> interpolated = new LinkedHashMap<>();
        rawEnvironment(service).forEach((name, value) -> interpolated.put(name, interpolate(value)));
        return interpolated;
    }

    /** The environment as written: a map, or a list of NAME=value. */
    private static Map<String, String> rawEnvironment(String service) {
        Object environment = service(service).get("environment");
        Map<String, String> raw = new LinkedHashMap<>();
        if (environment instanceof List<?> entries) {
            for (Object entry : entries) {
                String text = String.valueOf(entry);
                int equals = text.indexOf('=');
                assertThat(equals).as("%s: %s sets no value", service, text).isPositive();
                raw.put(text.substring(0, equals), text.substring(equals + 1));
            }
        } else {
            map(environment).forEach((name, value) -> {
                assertThat(value).as("%s: %s has no value", service, name).isNotNull();
                raw.put(name, String.valueOf(value));
            });
        }
        return raw;
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    /** Compose's interpolation with an empty environment: ${X:-default} and ${X-default} give the default. */
    static String interpolate(String value) {
        String escaped = value.replace("$$", "\u0000");
        Matcher matcher = VARIABLE.matcher(escaped);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String operator = matcher.group(2);
            if (operator == null || operator.endsWith("?")) {
                fail("${%s} has no default: the compose file must run with no variables set", matcher.group(1));
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(matcher.group(3)));
        }
        matcher.appendTail(result);
        assertThat(result.toString()).as("unsupported interpolation in %s", value).doesNotContain("$");
        return result.toString().replace("\u0000", "$");
    }

    /** "A://h:1,B://h:2" -> {A=//h:1, B=//h:2}; "A:X,B:Y" -> {A=X, B=Y}. */
    private static Map<String, String> listeners(String commaSeparated) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String entry : commaSeparated.split(",")) {
            int colon = entry.indexOf(':');
            byName.put(entry.substring(0, colon).trim(), entry.substring(colon + 1).trim());
        }
        return byName;
    }

    /** A view of the environment that notes every name looked up, whether set or not. */
    private static Map<String, String> recording(Map<String, String> environment, Set<String> read) {
        return new HashMap<>(environment) {
            @Override
            public String get(Object key) {
                read.add(String.valueOf(key));
                return super.get(key);
            }

            @Override
            public String getOrDefault(Object key, String defaultValue) {
                read.add(String.valueOf(key));
                return super.getOrDefault(key, defaultValue);
            }

            @Override
            public boolean containsKey(Object key) {
                read.add(String.valueOf(key));
                return super.containsKey(key);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static List<String> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return ((List<?>) value).stream().map(String::valueOf).collect(Collectors.toList());
    }

    // --- pom ------------------------------------------------------------------------------------

    private static String pomBuildFinalName() throws Exception {
        return pomText("/project/build/finalName");
    }

    private static String pomProperty(String name) throws Exception {
        return pomText("/project/properties/" + name);
    }

    private static String pomText(String xpath) throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(POM.toFile());
        String text = XPathFactory.newInstance().newXPath().evaluate(xpath, pom).trim();
        assertThat(text).as("%s in %s", xpath, POM).isNotEmpty();
        return text;
    }

    // --- Dockerfile -----------------------------------------------------------------------------

    /** The Dockerfile's instructions, continuation lines joined and comments dropped. */
    private record Dockerfile(List<String[]> instructions) {

        static Dockerfile read() {
            List<String[]> instructions = new ArrayList<>();
            StringBuilder current = new StringBuilder();
            try {
                for (String line : Files.readAllLines(DOCKERFILE, StandardCharsets.UTF_8)) {
                    String trimmed = line.strip();
                    if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                        continue;
                    }
                    if (trimmed.endsWith("\\")) {
                        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                        continue;
                    }
                    current.append(trimmed);
                    String instruction = current.toString().strip().replaceAll("\\s+", " ");
                    current.setLength(0);
                    if (instruction.isEmpty()) {
                        continue;
                    }
                    int space = instruction.indexOf(' ');
                    instructions.add(new String[] {instruction.substring(0, space).toUpperCase(),
                            instruction.substring(space + 1)});
                }
            } catch (IOException e) {
                throw new AssertionError("cannot read " + DOCKERFILE, e);
            }
            return new Dockerfile(instructions);
        }

        /** The arguments of every FROM. */
        List<String> stages() {
            return instructions("FROM");
        }

        List<String> instructions(String keyword) {
            return instructions.stream().filter(i -> i[0].equals(keyword)).map(i -> i[1]).collect(Collectors.toList());
        }

        /** The instructions of the last stage, the image that runs. */
        List<String> runtimeInstructions(String keyword) {
            int lastFrom = 0;
            for (int i = 0; i < instructions.size(); i++) {
                if (instructions.get(i)[0].equals("FROM")) {
                    lastFrom = i;
                }
            }
            return instructions.subList(lastFrom, instructions.size()).stream()
                    .filter(i -> i[0].equals(keyword)).map(i -> i[1]).collect(Collectors.toList());
        }

        /** Where the image keeps the jar: the destination of the COPY from the build stage. */
        String jarInImage() {
            return instructions("COPY").stream().filter(copy -> copy.startsWith("--from=build "))
                    .map(copy -> copy.substring(copy.lastIndexOf(' ') + 1))
                    .filter(destination -> destination.endsWith(".jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no jar copied from the build stage"));
        }
    }
}
