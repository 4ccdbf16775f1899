package io.github.cryptocloudwithdrawals.deploy;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import io.github.cryptocloudwithdrawals.sandbox.CryptoCloudSandbox;
import io.github.cryptocloudwithdrawals.sandbox.SandboxSettings;
import io.github.cryptocloudwithdrawals.testsupport.EmbeddedKafkaBroker;
import io.github.cryptocloudwithdrawals.testsupport.LoopbackPorts;
import io.github.cryptocloudwithdrawals.testsupport.ResultTopics;
import io.github.cryptocloudwithdrawals.testsupport.Samples;
import io.github.cryptocloudwithdrawals.testsupport.ServiceProcess;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged jar started the way the production overlay's container spec says, against what
 * deploy/strimzi declares: its environment as rendered (ConfigMap and env), the JVM options of
 * JAVA_TOOL_OPTIONS and the memory limit (as -XX:MaxRAM, the container's limit), the API key from
 * a file laid out as a Secret volume is, the pod's user (when this JVM may switch to it), and a
 * working directory it cannot write to. Kafka is a broker that authorizes every request and
 * holds exactly the KafkaUser's ACLs (SCRAM-SHA-512 login, as the user's Secret gives it) over
 * the topics of the KafkaTopics; the sandbox stands in for CryptoCloud. The service must become
 * ready, pay a command, purge its queue, and say nothing but INFO: nothing created, corrected or
 * refused.
 */
@Timeout(180)
class KubernetesDeploymentIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String KAFKA_CLIENT = "CAMEL_COMPONENT_KAFKA_";

    @Test
    void theProductionContainerStartsAgainstTheStrimziResourcesAndPaysACommand() throws Exception {
        RenderedService rendered = RenderedService.of(Manifests.render(Manifests.PRODUCTION));
        // no command, no args: the image's ENTRYPOINT, java -jar <the jar>, which the launcher below runs
        assertThat(rendered.container().getCommand()).isNullOrEmpty();
        assertThat(rendered.container().getArgs()).isNullOrEmpty();
        String userName = KafkaUserAclsTest.user().getMetadata().getName();
        String userPassword = "scram-" + UUID.randomUUID();
        String apiKey = "k8s-key-" + UUID.randomUUID();
        PodDirectories pod = PodDirectories.create(Path.of("target", "kubernetes-it", UUID.randomUUID().toString()), rendered);

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.startAuthorizing("admin", "admin-" + UUID.randomUUID());
             CryptoCloudSandbox sandbox = CryptoCloudSandbox.start(SandboxSettings.forApiKey(apiKey))) {
            grantAsStrimziWould(broker, userName, userPassword);
            Map<String, String> environment = new LinkedHashMap<>(rendered.environment());
            environment.put(KAFKA_CLIENT + "SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule "
                    + "required username=\"" + userName + "\" password=\"" + userPassword + "\";");
            environment.put("CRYPTOCLOUD_API_KEY_FILE", pod.apiKeyFile(apiKey, rendered));
            // stand-ins for what a pod has and this machine has not: the brokers (no TLS here), the API,
            // and the pod's own network (a free port, on the loopback interface only)
            environment.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
            environment.put(KAFKA_CLIENT + "SECURITY_PROTOCOL", "SASL_PLAINTEXT");
            environment.remove(KAFKA_CLIENT + "SSL_TRUSTSTORE_TYPE");
            environment.remove(KAFKA_CLIENT + "SSL_TRUSTSTORE_LOCATION");
            environment.put("CRYPTOCLOUD_BASE_URL", sandbox.baseUrl());
            environment.put("MANAGEMENT_PORT", String.valueOf(LoopbackPorts.freePort()));
            environment.put("MANAGEMENT_BIND_ADDRESS", "127.0.0.1");
            Quantity limit = rendered.container().getResources().getLimits().get("memory");
            ServiceProcess.Launcher launcher = new ServiceProcess.Launcher(
                    Path.of(System.getProperty("service.jar", "target/cryptocloud-withdrawals.jar")),
                    List.of("-XX:MaxRAM=" + Quantity.getAmountInBytes(limit).longValue()), Map.of(),
                    Path.of(System.getProperty("service.logs", "target/service-logs")));

            try (ServiceProcess service = launcher.start("kubernetes-" + UUID.randomUUID().toString().substring(0, 8),
                    environment, pod.workingDirectory(), pod.asPodUser())) {
                long readyNanos = service.awaitReady(WAIT);
                if (!pod.asPodUser().isEmpty()) {
                    assertThat(Files.readAllLines(Path.of("/proc", Long.toString(service.pid()), "status")))
                            .as("the service runs as the pod's user").anySatisfy(line -> assertThat(line)
                                    .startsWith("Uid:\t" + rendered.pod().getSecurityContext().getRunAsUser() + "\t"));
                }
                double idleMib = service.peakResidentMib();
                String requestId = "k8s-" + UUID.randomUUID();
                publish(broker, requestId);

                ResultTopics.Event paid;
                try (ResultTopics results = new ResultTopics(broker.clientProperties(), "cryptocloud.withdrawal.succeeded",
                        "cryptocloud.withdrawal.failed")) {
                    paid = results.awaitRequests(WAIT, requestId).get(requestId);
                }
                assertThat(paid.topic()).as(service.tail()).isEqualTo("cryptocloud.withdrawal.succeeded");
                assertThat(sandbox.requests()).hasSize(1);
                awaitQueuePurgedAndResolverListening(broker);
                assertThat(service.management("/observe/metrics").body()).contains("withdrawals_commands_pending");
                double paidMib = service.peakResidentMib();
                long stopNanos = service.stop();

                assertThat(service.exitValue()).isEqualTo(143);
                assertThat(TimeUnit.NANOSECONDS.toSeconds(stopNanos))
                        .isLessThan(rendered.pod().getTerminationGracePeriodSeconds());
                assertOnlyInfo(service);
                System.out.printf("the production container: ready %.1f s after launch, peak resident memory %.0f MiB "
                                + "when ready, %.0f MiB after the payout (JVM: %s, -XX:MaxRAM=%s), stopped in %.1f s%n",
                        readyNanos / 1e9, idleMib, paidMib, environment.get("JAVA_TOOL_OPTIONS"), limit, stopNanos / 1e9);
            }
        }
    }

    /**
     * What Strimzi's operators make of deploy/strimzi: the topics of the KafkaTopics (on one broker:
     * {@link StrimziResourcesTest#newTopic}), the user's SCRAM credentials and its ACLs.
     */
    private static void grantAsStrimziWould(EmbeddedKafkaBroker broker, String user, String password) throws Exception {
        try (Admin admin = Admin.create(broker.clientProperties())) {
            List<KafkaTopic> topics = List.copyOf(StrimziResourcesTest.topics().values());
            admin.createTopics(topics.stream().map(topic -> StrimziResourcesTest.newTopic("", topic)).toList())
                    .all().get(30, TimeUnit.SECONDS);
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get(30, TimeUnit.SECONDS);
            admin.createAcls(KafkaUserAclsTest.bindings("User:" + user)).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void publish(EmbeddedKafkaBroker broker, String requestId) throws Exception {
        Map<String, Object> settings = new LinkedHashMap<>(broker.clientProperties());
        settings.put("key.serializer", StringSerializer.class.getName());
        settings.put("value.serializer", StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings)) {
            producer.send(new ProducerRecord<>(DeploymentNames.DEFAULT_COMMANDS_TOPIC, requestId,
                    Samples.tronPayout(requestId, "12.5"))).get(30, TimeUnit.SECONDS);
        }
    }

    /** The queue's consumed command deleted (Delete on it), the resolutions read (its group and topic). */
    private static void awaitQueuePurgedAndResolverListening(EmbeddedKafkaBroker broker) {
        DeploymentNames names = DeploymentNames.of(DeploymentNames.DEFAULT_COMMANDS_TOPIC, "", "");
        TopicPartition queue = new TopicPartition(names.submissionsTopic(null), 0);
        try (Admin admin = Admin.create(broker.clientProperties())) {
            waitFor("the paid command purged from " + queue).atMost(WAIT).until(() -> admin.listOffsets(
                    Map.of(queue, OffsetSpec.earliest())).all().get(30, TimeUnit.SECONDS).get(queue).offset() > 0);
            waitFor("the resolutions read by " + names.resolverGroup()).atMost(WAIT).until(() ->
                    admin.describeConsumerGroups(List.of(names.resolverGroup())).all().get(30, TimeUnit.SECONDS)
                            .get(names.resolverGroup()).state() == ConsumerGroupState.STABLE);
        }
    }

    /** Every line is one JSON object at INFO (but the JVM's own note of JAVA_TOOL_OPTIONS). */
    private static void assertOnlyInfo(ServiceProcess service) {
        List<String> lines = service.log().lines().filter(line -> !line.startsWith("Picked up JAVA_TOOL_OPTIONS: ")).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(line).startsWith("{").contains("\"log.level\":\"INFO\""));
        assertThat(lines).noneMatch(line -> line.contains("created the topics") || line.contains("corrected"));
    }
}
