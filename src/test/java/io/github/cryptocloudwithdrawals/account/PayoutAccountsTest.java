package io.github.cryptocloudwithdrawals.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PayoutAccountsTest {

    private static final String KEY = "cc-key-never-shown-91f2";
    private static final DeploymentNames DEPLOYMENT = DeploymentNames.of("commands", null, null);

    private static PayoutAccount named(String name, ApiCredentials credentials) {
        return PayoutAccount.named(name, credentials, DEPLOYMENT);
    }

    private static ApiCredentials key(String name, String key) {
        String variable = "CRYPTOCLOUD_ACCOUNT_" + name.toUpperCase() + "_API_KEY";
        return ApiCredentials.of(key, "", variable, variable + "_FILE");
    }

    @Test
    void accountsWithDifferentKeysAreFine() {
        assertThat(new PayoutAccounts(List.of(
                PayoutAccount.defaultAccount(ApiCredentials.of(KEY, ""), DEPLOYMENT),
                named("treasury", key("treasury", KEY + "-other")))).all()).hasSize(2);
    }

    @Test
    void twoAccountsWithOneKeyAreRefusedNamingBothSettingsAndNeverTheKey(@TempDir Path secrets) throws Exception {
        Path file = Files.writeString(secrets.resolve("affiliates.key"), KEY + "\n");
        List<PayoutAccount> accounts = List.of(
                PayoutAccount.defaultAccount(ApiCredentials.of(KEY, ""), DEPLOYMENT),
                named("treasury", key("treasury", KEY + "-other")),
                named("affiliates", ApiCredentials.of("", file.toString(), "CRYPTOCLOUD_ACCOUNT_AFFILIATES_API_KEY",
                        "CRYPTOCLOUD_ACCOUNT_AFFILIATES_API_KEY_FILE")));

        assertThatThrownBy(() -> new PayoutAccounts(accounts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("CRYPTOCLOUD_API_KEY and CRYPTOCLOUD_ACCOUNT_AFFILIATES_API_KEY_FILE hold the same API key")
                .message().doesNotContain(KEY);
    }
}
