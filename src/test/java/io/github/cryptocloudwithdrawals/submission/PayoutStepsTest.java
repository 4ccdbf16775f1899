package io.github.cryptocloudwithdrawals.submission;

import static io.github.cryptocloudwithdrawals.testsupport.Waits.waitFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.cryptocloudwithdrawals.cryptocloud.ApiAnswer;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.history.Fingerprint;
import io.github.cryptocloudwithdrawals.history.RequestState;
import io.github.cryptocloudwithdrawals.testsupport.CapturedLogs;
import io.github.cryptocloudwithdrawals.testsupport.Samples;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The submission stage's steps on plain values, on a fake ledger: what each decision of
 * {@link PayoutDecision} leads to, in the ledger, in readiness and in the result. The same steps
 * through the real route, a real broker and the sandbox are the pipeline tests'.
 */
@Timeout(10)
class PayoutStepsTest {

    private final StageFixture fixture = new StageFixture();
    private final PayoutSteps steps = fixture.steps();

    private static long fingerprint(String amount) {
        return Fingerprint.of("USDT_TRC20", Samples.TRON_ADDRESS, new BigDecimal(amount));
    }

    @Test
    void aNewValidCommandIsCalledRecordedInFlightFirstAndItsSuccessRecordedDone() {
        PayoutAttempt attempt = steps.receive(StageFixture.submission("new-1", "10.5", 3));
        assertThat(fixture.ledger.claims()).as("the account's writer claimed first").isEqualTo(1);
        assertThat(attempt.awaitingAnswer()).isTrue();

        steps.awaitTurn(attempt, StageFixture.submission("new-1", "10.5", 3));
        String body = steps.prepareCall(attempt, StageFixture.submission("new-1", "10.5", 3));
        assertThat(body).contains("\"amount\":10.5").contains("USDT_TRC20");
        assertThat(fixture.ledger.written()).extracting(FakeAccountLedger.Written::state).containsExactly(RequestState.IN_FLIGHT);

        steps.answered(attempt, new ApiAnswer.Created("INV-1", "created", JsonNodeFactory.instance.objectNode()),
                StageFixture.submission("new-1", "10.5", 3), () -> true);

        assertThat(attempt.awaitingAnswer()).isFalse();
        assertThat(attempt.result().kind()).isEqualTo(ResultEvent.Kind.SUCCEEDED);
        assertThat(fixture.ledger.written()).extracting(FakeAccountLedger.Written::state)
                .containsExactly(RequestState.IN_FLIGHT, RequestState.DONE);
        assertThat(fixture.ledger.written().get(1).submission()).isEqualTo("0@3");
    }

    @Test
    void aRateLimitIsRecordedNotSentAndCalledAgainThenFailsPastTheRetries() {
        PayoutAttempt attempt = steps.receive(StageFixture.submission("limited", "11", 4));
        for (int answer = 1; answer <= 3; answer++) {
            steps.awaitTurn(attempt, StageFixture.submission("limited", "11", 4));
            steps.prepareCall(attempt, StageFixture.submission("limited", "11", 4));
            steps.answered(attempt, new ApiAnswer.RateLimited(429, null), StageFixture.submission("limited", "11", 4),
                    () -> true);
            assertThat(attempt.awaitingAnswer()).as("called again after answer " + answer).isEqualTo(answer <= 2);
        }

        assertThat(attempt.result().body().path("error").path("type").asText()).isEqualTo("rate_limited");
        assertThat(fixture.ledger.written()).extracting(FakeAccountLedger.Written::state).containsExactly(
                RequestState.IN_FLIGHT, RequestState.NOT_SENT, RequestState.IN_FLIGHT, RequestState.NOT_SENT,
                RequestState.IN_FLIGHT, RequestState.DONE_RETRYABLE);
    }

    @Test
    void aCallNotExecutedHoldsTheCommandWithReadinessDownNamingTheUrlUntilACallIsExecuted() {
        PayoutAttempt attempt = steps.receive(StageFixture.submission("held", "12", 5));
        steps.prepareCall(attempt, StageFixture.submission("held", "12", 5));
        steps.answered(attempt, new ApiAnswer.NotExecuted(404, "the answer HTTP 404 did not come from CryptoCloud's payout "
                + "endpoint", false), StageFixture.submission("held", "12", 5), () -> true);

        assertThat(attempt.awaitingAnswer()).isTrue();
        assertThat(attempt.notExecutedInARow()).isEqualTo(1);
        assertThat(readiness(steps.availability())).isEqualTo("DOWN: the answer HTTP 404 did not come from CryptoCloud's "
                + "payout endpoint (POST " + StageFixture.PAYOUT_URL + ")");

        steps.awaitTurn(attempt, StageFixture.submission("held", "12", 5));
        steps.prepareCall(attempt, StageFixture.submission("held", "12", 5));
        steps.answered(attempt, new ApiAnswer.Created("INV-2", "created", JsonNodeFactory.instance.objectNode()),
                StageFixture.submission("held", "12", 5), () -> true);
        assertThat(readiness(steps.availability())).isEqualTo("UP");
        assertThat(fixture.ledger.written()).extracting(FakeAccountLedger.Written::state).containsExactly(
                RequestState.IN_FLIGHT, RequestState.NOT_SENT, RequestState.IN_FLIGHT, RequestState.DONE);
    }

    @Test
    void anAnswerThatProvesNothingEndsTheCommandOutcomeUnknownRecorded() {
        PayoutAttempt attempt = steps.receive(StageFixture.submission("unknown", "13", 6));
        steps.prepareCall(attempt, StageFixture.submission("unknown", "13", 6));
        steps.answered(attempt, new ApiAnswer.Unknown(500, null, "no proof"), StageFixture.submission("unknown", "13", 6),
                () -> true);

        assertThat(attempt.awaitingAnswer()).isFalse();
        assertThat(attempt.result().outcomeUnknown()).isTrue();
        assertThat(fixture.ledger.written().get(1).state()).isEqualTo(RequestState.DONE_UNKNOWN);
    }

    @Test
    void aRequestFoundInFlightIsAnsweredOutcomeUnknownRecordedAndNeverCalled() {
        fixture.ledger.recorded("crashed", RequestState.IN_FLIGHT, fingerprint("14"), null, null);

        PayoutAttempt attempt = steps.receive(StageFixture.submission("crashed", "14", 7));

        assertThat(attempt.awaitingAnswer()).isFalse();
        assertThat(attempt.result().outcomeUnknown()).isTrue();
        assertThat(fixture.ledger.written()).extracting(FakeAccountLedger.Written::state)
                .containsExactly(RequestState.DONE_UNKNOWN);
    }

    @Test
    void aDuplicateOfAFinishedRequestIsReplayedButTheSameSubmissionReadAgainRepublishesItsEvent() {
        PayoutAttempt first = steps.receive(StageFixture.submission("dup", "15", 8));
        steps.prepareCall(first, StageFixture.submission("dup", "15", 8));
        steps.answered(first, new ApiAnswer.Created("INV-3", "created", JsonNodeFactory.instance.objectNode()),
                StageFixture.submission("dup", "15", 8), () -> true);

        PayoutAttempt again = steps.receive(StageFixture.submission("dup", "15", 8));
        PayoutAttempt duplicate = steps.receive(StageFixture.submission("dup", "15.00", 9));
        PayoutAttempt other = steps.receive(StageFixture.submission("dup", "16", 10));

        assertThat(again.result().cloudEventId()).as("after a crash: the same event").isEqualTo(first.result().cloudEventId());
        assertThat(duplicate.result().cloudEventId()).as("a duplicate: a replay").isNotEqualTo(first.result().cloudEventId());
        assertThat(duplicate.result().body()).isEqualTo(first.result().body());
        assertThat(other.result().body().path("error").path("type").asText()).isEqualTo("conflict");
        assertThat(List.of(again, duplicate, other)).noneMatch(PayoutAttempt::awaitingAnswer);
        assertThat(fixture.ledger.written()).as("nothing more recorded").hasSize(2);
    }

    @Test
    void aCommandThatFailsValidationIsAnsweredWithoutACallAndNotRecorded() {
        PayoutAttempt attempt = steps.receive(new Submission("0@11", "queue",
                Samples.tronPayout("invalid", "-1").getBytes(StandardCharsets.UTF_8), StageFixture.COMMANDS_TOPIC, null));

        assertThat(attempt.awaitingAnswer()).isFalse();
        assertThat(attempt.result().body().path("error").path("type").asText()).isEqualTo("validation");
        assertThat(fixture.ledger.written()).isEmpty();
    }

    /** A submission another deployment queued is held with readiness DOWN until the stop: never claimed, read or paid. */
    @Test
    void anotherDeploymentsSubmissionIsHeldUntilTheServiceStopsThenStaysQueued() {
        Submission foreign = new Submission("0@12", "queue", Samples.tronPayout("foreign", "17")
                .getBytes(StandardCharsets.UTF_8), "other.commands", null);

        CompletableFuture<PayoutAttempt> held = CompletableFuture.supplyAsync(() -> steps.receive(foreign));
        waitFor("the queue held").atMost(Duration.ofSeconds(5)).until(() -> readiness(steps.guard()).startsWith("DOWN"));
        assertThat(readiness(steps.guard())).contains("other.commands").contains("WITHDRAWAL_SUBMISSIONS_TOPIC");
        assertThat(held).isNotDone();
        fixture.stop.stop();

        assertThatThrownBy(held::join).hasCauseInstanceOf(CommandStaysQueued.class);
        assertThat(fixture.ledger.claims()).isZero();
        assertThat(fixture.ledger.written()).isEmpty();
    }

    @Test
    void aStopBeforeTheCallLeavesTheCommandQueuedWithNothingRecorded() {
        PayoutAttempt attempt = steps.receive(StageFixture.submission("stopped", "18", 13));
        fixture.stop.stop();

        assertThatThrownBy(() -> steps.awaitTurn(attempt, StageFixture.submission("stopped", "18", 13)))
                .isInstanceOf(CommandStaysQueued.class);
        assertThatThrownBy(() -> steps.prepareCall(attempt, StageFixture.submission("stopped", "18", 13)))
                .isInstanceOf(CommandStaysQueued.class);
        assertThat(fixture.ledger.written()).isEmpty();
    }

    /**
     * Kafka's consumer seeks back to the record whose exchange failed and may read it again before
     * Camel stops it: the command stays queued each time, and the log says so once.
     */
    @Test
    void aCommandReadAgainWhileTheServiceStopsStaysQueuedAndIsReportedOnce() {
        Submission waiting = StageFixture.submission("read-again-at-the-stop", "18", 14);
        try (CapturedLogs logs = CapturedLogs.install()) {
            fixture.stop.stop();
            for (int read = 1; read <= 3; read++) {
                PayoutAttempt attempt = steps.receive(waiting);
                assertThatThrownBy(() -> steps.awaitTurn(attempt, waiting)).as("read %d", read)
                        .isInstanceOf(CommandStaysQueued.class);
            }
            assertThatThrownBy(() -> steps.prepareCall(steps.receive(waiting), waiting))
                    .isInstanceOf(CommandStaysQueued.class);

            assertThat(logs.lines()).filteredOn(line -> line.contains("request_id=read-again-at-the-stop"))
                    .singleElement().satisfies(line -> assertThat(line).startsWith("INFO").contains("stays queued"));
        }
        assertThat(fixture.ledger.written()).isEmpty();
    }

    /** "UP", or "DOWN: <reason>". */
    private static String readiness(ReadinessHold check) {
        return check.call().getState() + check.call().getMessage().map(message -> ": " + message).orElse("");
    }
}
