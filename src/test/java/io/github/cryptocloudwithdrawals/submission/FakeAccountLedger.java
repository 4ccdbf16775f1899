package io.github.cryptocloudwithdrawals.submission;

import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.history.RequestState;
import io.github.cryptocloudwithdrawals.ledger.AccountLedger;
import io.github.cryptocloudwithdrawals.ledger.Ledger;
import io.github.cryptocloudwithdrawals.ledger.RecordedResult;
import io.github.cryptocloudwithdrawals.ledger.LedgerEntry;
import io.github.cryptocloudwithdrawals.ledger.LedgerRecordRefusedException;
import io.github.cryptocloudwithdrawals.ledger.LedgerWriterLostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * An account's ledger in memory, for the submission stage's own tests: every record written, in
 * order, and the failures a test asks for (Kafka away for a few writes, a record refused for good,
 * the writer lost to another instance). The ledger itself is tested on a real broker (LedgerTest).
 */
final class FakeAccountLedger implements AccountLedger {

    /** One record as written: the request, its state, and the result event of a final one. */
    record Written(String requestId, RequestState state, ResultEvent event, String submission) {
    }

    private final List<Written> written = new ArrayList<>();
    private final Map<String, LedgerEntry> latest = new HashMap<>();
    private final Map<String, RecordedResult> results = new HashMap<>();
    private int claims;
    private int reclaims;
    private int failingWrites;
    private Predicate<ResultEvent> refused = event -> false;
    private boolean writerLost;
    private Instant othersLastCall;

    /** The next {@code count} writes fail as when Kafka cannot be reached. */
    FakeAccountLedger failNextWrites(int count) {
        failingWrites = count;
        return this;
    }

    /** Final results like these are refused for good, as a record too large for the topic. */
    FakeAccountLedger refuse(Predicate<ResultEvent> results) {
        refused = results;
        return this;
    }

    /** Every write from now on finds another instance holding the account's writer. */
    FakeAccountLedger loseTheWriter() {
        writerLost = true;
        return this;
    }

    /** The request's history as an earlier process left it. */
    FakeAccountLedger recorded(String requestId, RequestState state, long fingerprint, ResultEvent event,
                               String submission) {
        latest.put(requestId, new LedgerEntry(state, fingerprint, written.size()));
        if (event != null) {
            results.put(requestId, new RecordedResult(event, submission));
        }
        return this;
    }

    FakeAccountLedger othersLastCall(Instant at) {
        othersLastCall = at;
        return this;
    }

    List<Written> written() {
        return List.copyOf(written);
    }

    int claims() {
        return claims;
    }

    int reclaims() {
        return reclaims;
    }

    @Override
    public void claim() {
        claims++;
    }

    @Override
    public void reclaimWhileInFlight(String requestId, BooleanSupplier stillHoldsQueue) {
        reclaims++;
    }

    @Override
    public void requireQueue(String requestId, BooleanSupplier stillHoldsQueue) {
        if (!stillHoldsQueue.getAsBoolean()) {
            throw new LedgerWriterLostException("this instance no longer holds the account's queue", null);
        }
    }

    @Override
    public Optional<LedgerEntry> lookup(String requestId) {
        return Optional.ofNullable(latest.get(requestId));
    }

    @Override
    public RecordedResult result(String requestId, LedgerEntry entry) {
        return results.get(requestId);
    }

    @Override
    public Optional<Instant> othersLastCall() {
        return Optional.ofNullable(othersLastCall);
    }

    @Override
    public void recordInFlight(String requestId, long fingerprint, Instant callStartedAt) {
        write(requestId, RequestState.IN_FLIGHT, fingerprint, null, null);
    }

    @Override
    public void recordNotSent(String requestId, long fingerprint, Instant callStartedAt, Instant answeredAt) {
        write(requestId, RequestState.NOT_SENT, fingerprint, null, null);
    }

    @Override
    public void recordDone(String requestId, long fingerprint, Instant lastCallStartedAt, Instant answeredAt,
                           ResultEvent event, String submission) {
        if (refused.test(event)) {
            throw new LedgerRecordRefusedException("RecordTooLargeException: the record is too large", null);
        }
        write(requestId, event.retryable() ? RequestState.DONE_RETRYABLE
                : event.outcomeUnknown() ? RequestState.DONE_UNKNOWN : RequestState.DONE, fingerprint, event, submission);
        results.put(requestId, new RecordedResult(event, submission));
    }

    private void write(String requestId, RequestState state, long fingerprint, ResultEvent event, String submission) {
        if (writerLost) {
            throw new LedgerWriterLostException("another instance took over the account", null);
        }
        if (failingWrites > 0) {
            failingWrites--;
            throw new IllegalStateException("could not record " + requestId + " in the ledger: Kafka cannot be reached");
        }
        latest.put(requestId, new LedgerEntry(state, fingerprint, written.size()));
        written.add(new Written(requestId, state, event, submission));
    }
}
