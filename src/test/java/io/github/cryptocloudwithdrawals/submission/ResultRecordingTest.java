package io.github.cryptocloudwithdrawals.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiAnswer;
import io.github.cryptocloudwithdrawals.events.ErrorType;
import io.github.cryptocloudwithdrawals.events.Failure;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.history.RequestState;
import io.github.cryptocloudwithdrawals.ledger.LedgerWriterLostException;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A final result is recorded before it is published: the API's answer is known only here, so a
 * Kafka failure is waited out, not turned into an unknown outcome; only a record Kafka refuses
 * for good ends the command {@code outcome_unknown}, and only a lost writer or a stop ends the
 * trying.
 */
@Timeout(10)
class ResultRecordingTest {

    private final StageFixture fixture = new StageFixture();
    private final ResultRecording recording = new ResultRecording(fixture.ledger, fixture.events, fixture.backoff,
            fixture.stop);

    private PayoutAttempt paid(String requestId) {
        PayoutAttempt attempt = new PayoutAttempt(StageFixture.command(requestId, "10.5"), 42);
        attempt.callStarting(Instant.now());
        attempt.answered(Instant.now(), new ApiAnswer.Created("INV-1", "created", JsonNodeFactory.instance.objectNode()));
        attempt.finish(fixture.events.succeeded(attempt.command(), "INV-1", "created",
                JsonNodeFactory.instance.objectNode(), attempt.firstCallAt()));
        return attempt;
    }

    @Test
    void aResultIsRecordedDoneAndPublishedAsItIs() {
        PayoutAttempt attempt = paid("r-1");

        ResultEvent published = recording.record(attempt, "0@7", () -> true);

        assertThat(published).isSameAs(attempt.result());
        assertThat(fixture.ledger.written()).singleElement().satisfies(record -> {
            assertThat(record.state()).isEqualTo(RequestState.DONE);
            assertThat(record.event()).isSameAs(attempt.result());
            assertThat(record.submission()).isEqualTo("0@7");
        });
        assertThat(fixture.ledger.reclaims()).as("the writer checked before the write").isEqualTo(1);
    }

    @Test
    void aWriteKafkaCannotTakeNowIsTriedAgainUntilItIsRecorded() {
        fixture.ledger.failNextWrites(3);
        PayoutAttempt attempt = paid("r-2");

        ResultEvent published = recording.record(attempt, "0@8", () -> true);

        assertThat(published).isSameAs(attempt.result());
        assertThat(fixture.ledger.written()).singleElement()
                .satisfies(record -> assertThat(record.state()).isEqualTo(RequestState.DONE));
        assertThat(fixture.ledger.reclaims()).as("the writer taken back before each try").isEqualTo(4);
    }

    @Test
    void anAnswerTheLedgerRefusesForGoodEndsTheCommandOutcomeUnknownWhichIsRecorded() {
        fixture.ledger.refuse(event -> !event.outcomeUnknown());
        PayoutAttempt attempt = paid("r-3");

        ResultEvent published = recording.record(attempt, "0@9", () -> true);

        assertThat(published.outcomeUnknown()).isTrue();
        assertThat(published.body().path("error").path("message").asText())
                .contains("its answer could not be recorded in the request ledger").contains("the withdrawal may have been created");
        assertThat(fixture.ledger.written()).singleElement()
                .satisfies(record -> assertThat(record.state()).isEqualTo(RequestState.DONE_UNKNOWN));
    }

    @Test
    void evenAnOutcomeUnknownTheLedgerRefusesIsPublishedUnrecorded() {
        fixture.ledger.refuse(event -> true);

        ResultEvent published = recording.record(paid("r-4"), "0@10", () -> true);

        assertThat(published.outcomeUnknown()).isTrue();
        assertThat(fixture.ledger.written()).as("the request stays in flight in the ledger").isEmpty();
    }

    @Test
    void aWriterLostToAnotherInstanceRecordsNothing() {
        fixture.ledger.loseTheWriter();

        assertThatThrownBy(() -> recording.record(paid("r-5"), "0@11", () -> true))
                .isInstanceOf(LedgerWriterLostException.class);
        assertThat(fixture.ledger.written()).isEmpty();
    }

    /** Whether a failed transaction cost the writer depends on the brokers; the queue decides either way. */
    @Test
    void afterAFailedWriteTheAnswerIsRecordedAgainOnlyWhileThisInstanceHoldsTheQueue() {
        fixture.ledger.failNextWrites(1);

        assertThatThrownBy(() -> recording.record(paid("r-9"), "0@15", () -> false))
                .isInstanceOf(LedgerWriterLostException.class).hasMessageContaining("no longer holds");
        assertThat(fixture.ledger.written()).isEmpty();
    }

    @Test
    void aWriteThatFailsWhileTheServiceStopsIsNotTriedAgain() {
        fixture.ledger.failNextWrites(1);
        fixture.stop.stop();

        assertThatThrownBy(() -> recording.record(paid("r-6"), "0@12", () -> true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Kafka cannot be reached");
        assertThat(fixture.ledger.written()).isEmpty();
    }

    @Test
    void aRequestFoundInFlightAfterAStopIsRecordedOutcomeUnknownOrPublishedUnrecorded() {
        ResultEvent unknown = fixture.events.failed("r-7", Failure.of(ErrorType.OUTCOME_UNKNOWN, "in flight at a stop"),
                null);
        recording.recordInFlightAtAStop("r-7", 42, unknown, "0@13");
        assertThat(fixture.ledger.written()).singleElement()
                .satisfies(record -> assertThat(record.state()).isEqualTo(RequestState.DONE_UNKNOWN));

        fixture.ledger.refuse(event -> true);
        recording.recordInFlightAtAStop("r-8", 42, unknown, "0@14");
        assertThat(fixture.ledger.written()).hasSize(1);
    }
}
