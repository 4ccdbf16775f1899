package io.github.cryptocloudwithdrawals.ledger;

import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.deployment.StartRefusingService;
import io.github.cryptocloudwithdrawals.history.RequestState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.apache.camel.VetoCamelContextStartException;
import org.apache.kafka.common.IsolationLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable memory of every request that reached a submission stage, kept in a compacted
 * Kafka topic (one partition, record format in {@link LedgerRecords}), so it survives restarts,
 * crashes and moves between instances. CryptoCloud has no idempotency key and no way to ask what
 * happened to a call, so this is what makes "at most one call per request id" true.
 *
 * <p>Each asks through a class of its own: an account's submission stage through its
 * {@link LedgerScope} (the account's one writer), the intake through {@link IntakeView}, the
 * resolutions route through {@link ResolutionsView}; final results are read back by
 * {@link RecordedResults}, every Kafka client comes from {@link LedgerClients}. What they share is
 * kept here: one {@link LedgerReader} following the topic with read_committed into the in-memory
 * {@link LedgerIndex}, loaded before the routes start, and how long a question waits for it
 * ({@link #lookup}, {@link #readEverythingWritten}). Every record is stamped with the deployment
 * that wrote it ({@link DeploymentStamp}): a ledger holding another deployment's records is not
 * loaded.
 */
public final class Ledger extends StartRefusingService {

    /** Longest wait for a takeover to read what the previous writer recorded. */
    private static final Duration TAKEOVER_READ_TIMEOUT = Duration.ofSeconds(60);
    /** A read of the ledger (at start-up possibly millions of records) fails after this long without progress. */
    private static final Duration READ_STALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

    private final String topic;
    private final DeploymentStamp stamp;
    private final LedgerClients clients;
    private final LedgerIndex index = new LedgerIndex(1 << 16);
    private final RecordedResults results = new RecordedResults(this::done);
    private final List<LedgerScope> scopes = new CopyOnWriteArrayList<>();
    private final IntakeView intake;
    private final ResolutionsView resolutions;
    private LedgerReader reader;

    /**
     * @param stamp                 the mark of this deployment, put on every record written; a
     *                              record marked by another deployment stops loading
     * @param kafkaClientProperties the service's Kafka client settings (brokers, security)
     */
    public Ledger(String topic, DeploymentStamp stamp, Supplier<Properties> kafkaClientProperties) {
        this.topic = topic;
        this.stamp = stamp;
        this.clients = new LedgerClients(topic, kafkaClientProperties);
        this.intake = new IntakeView(this, clients);
        this.resolutions = new ResolutionsView(this, clients);
    }

    /**
     * The part of the ledger one account reads and writes.
     *
     * @param account the account's name, or {@code null} for the default account
     */
    public LedgerScope scope(String account) {
        LedgerScope scope = new LedgerScope(this, clients, account);
        scopes.add(scope);
        return scope;
    }

    public IntakeView intake() {
        return intake;
    }

    public ResolutionsView resolutions() {
        return resolutions;
    }

    /**
     * How many of the account's requests have {@code outcome_unknown} as their result, not yet
     * resolved: from the index, so right after a start too.
     *
     * @param account the account's name, or {@code null} for the default account
     */
    public int unresolvedUnknown(String account) {
        return index.unresolvedUnknown(PayoutAccount.label(account));
    }

    @Override
    protected void doStart() throws VetoCamelContextStartException {
        reader = new LedgerReader(clients.consumer(IsolationLevel.READ_COMMITTED, 5000, 16 << 20), topic, index, stamp);
        intake.open();
        long started = System.nanoTime();
        reader.start();
        reader.awaitRead(intake.lastStableOffset(), READ_STALL_TIMEOUT);
        Optional<String> other = reader.otherDeployment();
        if (other.isPresent()) {
            // two deployments given the same ledger: its history is not this deployment's alone
            throw refusal(stamp.sharedLedger(topic, other.get()));
        }
        LOG.info("ledger {} loaded: {} requests in {} ms, {} MiB in memory", topic, index.size(),
                (System.nanoTime() - started) / 1_000_000, index.memoryBytes() >> 20);
    }

    @Override
    protected void doStop() throws InterruptedException {
        scopes.forEach(LedgerScope::close);
        if (reader != null) {
            reader.stop();
        }
        intake.close();
        resolutions.close();
    }

    // --- what the scopes and the views share ---------------------------------------------------

    String topic() {
        return topic;
    }

    DeploymentStamp stamp() {
        return stamp;
    }

    RecordedResults results() {
        return results;
    }

    /** Where the reader is: every committed record before it is in the index. */
    long readerPosition() {
        return reader.position();
    }

    /** The key's latest record as indexed so far, without waiting for the reader. */
    Optional<LedgerEntry> indexed(String key) {
        return Optional.ofNullable(index.get(key));
    }

    /**
     * The key's latest record, after the reader has read what was committed when this was called.
     *
     * <p>The ledger is read with read_committed, so the reader stops at the last stable offset: the
     * first record of a transaction still open (another account's, a frozen instance's, any
     * client's) holds back every record after it, committed or not. Waiting for the last stable
     * offset is never held by such a transaction, and is enough for a question about a request:
     * Kafka marks a transaction committed on the partition only after its commit returned, so
     * another instance's commit of a moment ago may still be missing, but what an account's calls
     * rest on is read by its {@linkplain LedgerScope#claim() claim} ({@link #readEverythingWritten}),
     * and after the claim only the claiming instance writes the account's records. A request with
     * a final result needs no wait at all: nothing is ever recorded after a {@code done} record.
     */
    Optional<LedgerEntry> lookup(TailReads reads, String key) {
        Optional<LedgerEntry> done = done(key);
        if (done.isPresent()) {
            return done;
        }
        reader.awaitRead(reads.lastStableOffset(), READ_STALL_TIMEOUT);
        return indexed(key);
    }

    /**
     * Waits until every record that was in the topic when this was called, committed or not yet,
     * is read: up to the high watermark, which a transaction still open does not hold back. Called
     * right after a takeover's fencing, which completes or aborts the previous writer's last
     * transaction, so this includes everything that writer committed. Records of another
     * transaction still open (another account's, another client's) are waited for, up to a
     * limit; this holds only the account being taken over.
     */
    void readEverythingWritten(TailReads reads) {
        reader.awaitReadWithin(reads.highWatermark(), TAKEOVER_READ_TIMEOUT);
    }

    /**
     * The key's latest record when it is {@code done}: final, nothing is ever recorded after it
     * (an unknown outcome's resolution comes after DONE_UNKNOWN only), so there is nothing newer
     * to wait for.
     */
    Optional<LedgerEntry> done(String key) {
        return indexed(key).filter(entry -> entry.state() == RequestState.DONE);
    }

    /** As of the last read: after a claim nobody else writes the account's records. */
    Optional<Instant> othersLastCall(String account) {
        return reader.othersLastCall(account);
    }

    /**
     * Indexes a record this instance has just committed: the reader may come to it later.
     *
     * @param account the account's name, or {@code null} for the default account
     */
    void written(String account, String key, RequestState state, long fingerprint, long offset) {
        index.put(PayoutAccount.label(account), key, fingerprint, offset, state);
    }
}
