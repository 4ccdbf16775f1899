package io.github.cryptocloudwithdrawals.cryptocloud;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.command.Currency;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayoutRequestTest {

    @ParameterizedTest(name = "{0} is sent as {1}")
    @CsvSource({
            "10.50, 10.5",
            "1E-8, 0.00000001",
            "1E+3, 1000",
            "0.1, 0.1",
            "123456789012345678.000000000000000001, 123456789012345678.000000000000000001",
    })
    void sendsExactlyTheThreeDocumentedFieldsWithThePlainExactAmount(String amount, String sent) {
        var command = new WithdrawalCommand("r", null, Currency.ETH, "0xabc", new BigDecimal(amount), null, null);
        assertThat(PayoutRequest.body(command))
                .isEqualTo("{\"currency_code\":\"ETH\",\"to_address\":\"0xabc\",\"amount\":" + sent + "}");
    }
}
