package io.github.cryptocloudwithdrawals;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The packages follow the flow (README, "Architecture"): no package cycles, the application
 * (this package) at the top, the sandbox apart, and the rules of money free of Camel and Kafka.
 */
class PackageDependenciesTest {

    private static final String BASE = "io.github.cryptocloudwithdrawals";
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE);

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching(BASE + ".(**)").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void nothingDependsOnTheApplication() {
        noClasses().that().resideOutsideOfPackage(BASE).should().dependOnClassesThat().resideInAPackage(BASE)
                .check(MAIN);
    }

    @Test
    void theServiceNeverUsesTheSandbox() {
        noClasses().that().resideOutsideOfPackage(BASE + ".sandbox").should().dependOnClassesThat()
                .resideInAPackage(BASE + ".sandbox").check(MAIN);
    }

    @Test
    void theRulesOfMoneyAreFreeOfCamelAndKafka() {
        noClasses().that().haveSimpleName("PayoutDecision").or().haveSimpleName("ResultEvents")
                .or().haveSimpleName("CommandValidator").or().haveSimpleName("CommandCheck")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "org.apache.kafka..")
                .check(MAIN);
    }

    /**
     * The decision that moves money reads plain values, through and through: nothing it uses,
     * however indirectly, knows Camel, Kafka or the ledger that stores a request's history.
     */
    @Test
    void thePayoutDecisionDependsOnNoCamelKafkaOrLedgerClassEvenIndirectly() {
        noClasses().that().haveSimpleName("PayoutDecision")
                .should().transitivelyDependOnClassesThat()
                .resideInAnyPackage("org.apache.camel..", "org.apache.kafka..", BASE + ".ledger..")
                .check(MAIN);
    }
}
