package io.github.cryptocloudwithdrawals.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.history.RequestState;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The ledger's record format: what is written is read back as it was. */
class LedgerRecordsTest {

    @ParameterizedTest(name = "{0}, call {2}, answer {3}, account {4}, deployment {6}")
    @CsvSource(nullValues = "-", value = {
            "IN_FLIGHT,      -42, 1795000000000, -,             -,        1@host#7, payouts.commands",
            "NOT_SENT,       7,   1795000000000, 1795000001500, treasury, 1@host#7, payouts.commands",
            "DONE,           0,   -,             -,             -,        1@host#7, payouts.commands",
            "DONE_RETRYABLE, 1,   1795000000000, 1795000000100, eu-pay,   2@other#9, -",
            "DONE_UNKNOWN,   3,   1795000000000, -,             -,        1@host#7, payouts.commands"})
    void theFactsInTheHeadersAreReadBackAsWritten(RequestState state, long fingerprint, Long started, Long answered,
                                                  String account, String instance, String deployment) {
        LedgerRecords.Facts facts = new LedgerRecords.Facts(state, fingerprint, started, answered, account, instance,
                deployment);
        RecordHeaders headers = new RecordHeaders();

        LedgerRecords.write(facts, headers);

        assertThat(LedgerRecords.facts(headers)).isEqualTo(facts);
    }

    @Test
    void theHeadersAreTheOnesEarlierVersionsWrote() {
        RecordHeaders headers = new RecordHeaders();
        LedgerRecords.write(new LedgerRecords.Facts(RequestState.DONE_RETRYABLE, 5, 10L, 20L, "treasury", "1@h#2",
                "payouts.commands"), headers);
        assertThat(headers.toArray()).extracting(h -> h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8))
                .containsExactly("state=done_retryable", "fingerprint=5", "call_started_ms=10", "answered_ms=20",
                        "account=treasury", "instance=1@h#2", "withdrawals-deployment=payouts.commands");
    }

    @Test
    void anUnknownOutcomeIsADoneRecordToEarlierVersions() {
        RecordHeaders headers = new RecordHeaders();
        LedgerRecords.write(new LedgerRecords.Facts(RequestState.DONE_UNKNOWN, 5, 10L, null, null, "1@h#2", null), headers);
        assertThat(headers.toArray()).extracting(h -> h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8))
                .containsExactly("state=done", "outcome=unknown", "fingerprint=5", "call_started_ms=10", "instance=1@h#2");
    }

    @Test
    void aRecordOfAnEarlierVersionWithoutStampIsRead() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("state", "in_flight".getBytes(StandardCharsets.UTF_8));
        headers.add("fingerprint", "3".getBytes(StandardCharsets.UTF_8));
        assertThat(LedgerRecords.facts(headers)).isEqualTo(
                new LedgerRecords.Facts(RequestState.IN_FLIGHT, 3, null, null, null, null, null));
    }

    @Test
    void headersThatAreNotALedgerRecordsAreRefused() {
        RecordHeaders headers = new RecordHeaders();
        headers.add("fingerprint", "3".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> LedgerRecords.facts(headers)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("it has no state header");
    }

    @Test
    void theLastCallIsItsAnswerWhenOneCameElseItsStart() {
        assertThat(new LedgerRecords.Facts(RequestState.NOT_SENT, 1, 100L, 250L, null, "i", null).lastCallMillis()).isEqualTo(250);
        assertThat(new LedgerRecords.Facts(RequestState.IN_FLIGHT, 1, 100L, null, null, "i", null).lastCallMillis()).isEqualTo(100);
        assertThat(new LedgerRecords.Facts(RequestState.DONE, 1, null, null, null, "i", null).lastCallMillis()).isEqualTo(-1);
    }

    @Test
    void aFinalResultIsReadBackAsRecorded() {
        ObjectNode body = JsonMapping.MAPPER.createObjectNode().put("request_id", "payout-1").put("amount", "10.50");
        body.putObject("response").put("huge", new BigDecimal("1E+10000")).putNull("nothing");
        ResultEvent event = new ResultEvent(ResultEvent.Kind.FAILED, "payout-1", body, "ce-1",
                Instant.parse("2026-11-25T10:00:00.456Z"), false);

        String value = LedgerRecords.result(event, "0@17");
        RecordedResult read = LedgerRecords.result("payout-1", value.getBytes(StandardCharsets.UTF_8));

        assertThat(read.submission()).isEqualTo("0@17");
        assertThat(read.event().kind()).isEqualTo(ResultEvent.Kind.FAILED);
        assertThat(read.event().requestId()).isEqualTo("payout-1");
        assertThat(read.event().cloudEventId()).isEqualTo("ce-1");
        assertThat(read.event().time()).isEqualTo(event.time());
        assertThat(read.event().replayed()).isFalse();
        assertThat(JsonMapping.MAPPER.valueToTree(read.event().body()).toString()).isEqualTo(body.toString());
    }

    @Test
    void everyRecordHasAValueEvenWithoutAResult() {
        for (RequestState state : RequestState.values()) {
            assertThat(LedgerRecords.stateOnly(state)).isEqualTo("{\"state\":\"" + LedgerRecords.wireName(state) + "\"}");
        }
    }

    @Test
    void aValueThatIsNotAFinalResultIsRefused() {
        assertThatThrownBy(() -> LedgerRecords.result("payout-1", "{\"state\":\"in_flight\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("it is not a final result");
    }

    @Test
    void aNamedAccountsKeysArePrefixedTheDefaultAccountsAreNot() {
        assertThat(LedgerRecords.key(null, "payout-1")).isEqualTo("payout-1");
        assertThat(LedgerRecords.key("treasury", "payout-1")).isEqualTo("treasury/payout-1");
    }

    @ParameterizedTest(name = "account {0}, request id {1}")
    @CsvSource(nullValues = "-", value = {"-, payout-1", "treasury, payout-1", "-, A.b_c:9-z", "cold-2, A.b_c:9-z"})
    void aKeyGivesItsRequestIdBack(String account, String requestId) {
        assertThat(LedgerRecords.requestId(LedgerRecords.key(account, requestId))).isEqualTo(requestId);
    }
}
