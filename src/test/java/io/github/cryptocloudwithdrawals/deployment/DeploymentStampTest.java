package io.github.cryptocloudwithdrawals.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeploymentStampTest {

    @ParameterizedTest(name = "stamp {0} -> other deployment {1}")
    @CsvSource(nullValues = "-", value = {
            // this deployment's own record
            "payouts,            -",
            // written by an earlier version, which did not stamp: counted as this deployment's
            "-,                  -",
            "refunds,            refunds",
            "payouts.commands,   payouts.commands",
            "'',                 ''"})
    void aRecordIsAnotherDeploymentsOnlyWhenItsStampNamesAnotherCommandsTopic(String stamp, String other) {
        assertThat(new DeploymentStamp("payouts").otherDeployment(stamp).orElse(null)).isEqualTo(other);
    }
}
