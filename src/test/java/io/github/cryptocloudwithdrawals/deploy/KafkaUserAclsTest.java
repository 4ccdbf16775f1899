package io.github.cryptocloudwithdrawals.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import io.github.cryptocloudwithdrawals.testsupport.BundledSettings;
import io.github.cryptocloudwithdrawals.testsupport.Manual;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.SecurityUtils;
import org.junit.jupiter.api.Test;

/**
 * The KafkaUser of deploy/strimzi grants exactly the manual's "Kafka ACLs" table (docs/deployments.md) for the default
 * deployment (C = cryptocloud.withdrawal.commands, B = cryptocloud.withdrawal, G = the default
 * KAFKA_GROUP_ID), read from the manual as written. That those ACLs are enough:
 * {@link KubernetesDeploymentIT} runs the service against a broker that authorizes only them.
 */
class KafkaUserAclsTest {

    /** One ACL: resource type, name, pattern type and operations, as Strimzi spells them. */
    record Acl(String type, String name, String pattern, Set<String> operations) {
    }

    @Test
    void theUsersAclsAreTheReadmesTableForTheDefaultDeployment() throws IOException {
        assertThat(userAcls()).containsExactlyInAnyOrderElementsOf(readmeAcls());
    }

    @Test
    void theAclsUseOnlyWhatStrimzisV1ApiKeeps() {
        // `operation` (one) is gone from kafka.strimzi.io/v1; `operations` works in v1beta2 and v1
        assertThat(rules()).allSatisfy(rule -> assertThat(rule.getOperation()).isNull());
    }

    static KafkaUser user() {
        return StrictModel.parse(Manifests.read(Manifests.STRIMZI.resolve("kafka-user.yaml")).get(0), KafkaUser.class,
                "kafka-user.yaml");
    }

    static List<AclRule> rules() {
        return ((KafkaUserAuthorizationSimple) user().getSpec().getAuthorization()).getAcls();
    }

    /** The user's ACLs as Kafka's Admin client grants them to this principal, as Strimzi's User Operator does. */
    static List<AclBinding> bindings(String principal) {
        return userAcls().stream().flatMap(acl -> {
            ResourcePattern resource = new ResourcePattern(switch (acl.type()) {
                case "topic" -> ResourceType.TOPIC;
                case "group" -> ResourceType.GROUP;
                default -> ResourceType.TRANSACTIONAL_ID;
            }, acl.name(), acl.pattern().equals("prefix") ? PatternType.PREFIXED : PatternType.LITERAL);
            return acl.operations().stream().map(operation -> new AclBinding(resource, new AccessControlEntry(principal,
                    "*", SecurityUtils.operation(operation), AclPermissionType.ALLOW)));
        }).toList();
    }

    private static List<Acl> userAcls() {
        return rules().stream().map(rule -> {
            assertThat(rule.getHost()).isEqualTo("*");
            assertThat(rule.getType()).isIn(null, AclRuleType.ALLOW);
            Set<String> operations = rule.getOperations().stream().map(AclOperation::toValue)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (rule.getResource() instanceof AclRuleTopicResource topic) {
                return new Acl("topic", topic.getName(), topic.getPatternType().toValue(), operations);
            } else if (rule.getResource() instanceof AclRuleGroupResource group) {
                return new Acl("group", group.getName(), group.getPatternType().toValue(), operations);
            } else if (rule.getResource() instanceof AclRuleTransactionalIdResource id) {
                return new Acl("transactionalId", id.getName(), id.getPatternType().toValue(), operations);
            }
            throw new AssertionError("a resource the manual does not list: " + rule.getResource());
        }).toList();
    }

    /** The rows of the manual's table, its names those of the default deployment. */
    private static List<Acl> readmeAcls() throws IOException {
        Properties bundled = BundledSettings.load();
        DeploymentNames names = DeploymentNames.of(bundled.getProperty("withdrawal.commands-topic"), "", "");
        String readme = Manual.text(Manual.page("deployments.md"));
        String section = readme.substring(readme.indexOf("## Kafka ACLs"));
        List<String> rows = section.lines().dropWhile(line -> !line.startsWith("| resource |")).skip(2)
                .takeWhile(line -> line.startsWith("|")).toList();
        assertThat(rows).as("rows of the manual's Kafka ACLs table").hasSizeGreaterThanOrEqualTo(8);
        return rows.stream().flatMap(row -> {
            String[] cells = Arrays.stream(row.split("\\|")).map(String::strip).toArray(String[]::new);
            String type = cells[1].equals("transactional id") ? "transactionalId" : cells[1];
            String pattern = cells[3].equals("prefixed") ? "prefix" : cells[3];
            Set<String> operations = Arrays.stream(cells[4].replaceAll("\\([^)]*\\)", "").split(","))
                    .map(String::strip).collect(Collectors.toCollection(TreeSet::new));
            List<String> resources = cells[2].startsWith("the succeeded and failed topics")
                    ? List.of(bundled.getProperty("withdrawal.succeeded-topic"), bundled.getProperty("withdrawal.failed-topic"))
                    : List.of(cells[2].substring(1, cells[2].indexOf('`', 1))
                            .replace("<ledger>", names.ledgerTopic())
                            .replaceAll("^C$", names.commandsTopic())
                            .replaceAll("^G$", bundled.getProperty("kafka.group-id"))
                            .replaceAll("^G\\.", bundled.getProperty("kafka.group-id") + ".")
                            .replaceAll("^B\\.", names.base() + "."));
            return resources.stream().map(name -> new Acl(type, name, pattern, operations));
        }).toList();
    }
}
