package io.github.cryptocloudwithdrawals.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.history.RequestState;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * The ledger's record format, written and read here only.
 *
 * <p>Key: the request id; a named account's is prefixed with the account ({@code account/id}),
 * the default account's is the request id itself, as before accounts existed. Headers: the
 * record's small facts ({@link Facts}), so loading the ledger reads no JSON. Value: a final
 * result as JSON, read back by offset only when a duplicate asks for it; any other record's value
 * is its state alone. Every record has a value: on a compacted topic a null value is a tombstone,
 * which the log cleaner deletes (with every older record of its key) after delete.retention.ms,
 * and a request in flight would then be forgotten and sent again.
 */
final class LedgerRecords {

    static final String STATE = "state";
    static final String FINGERPRINT = "fingerprint";
    static final String CALL_STARTED = "call_started_ms";
    static final String ANSWERED = "answered_ms";
    static final String ACCOUNT = "account";
    static final String INSTANCE = "instance";
    /** On a {@code done} record whose result is {@code outcome_unknown}: {@link #UNKNOWN}. */
    static final String OUTCOME = "outcome";
    static final String UNKNOWN = "unknown";
    /**
     * This process, as its records name it ("pid@host#start"): where a payout call came from, for
     * whoever reads the ledger after an incident. The start time tells apart two processes of one
     * container (same pid and host) across a restart.
     */
    static final String THIS_INSTANCE = ManagementFactory.getRuntimeMXBean().getName() + "#"
            + ManagementFactory.getRuntimeMXBean().getStartTime();

    /**
     * What a record's headers say.
     *
     * @param fingerprint       which command the request id was first used for
     * @param callStartedMillis when the call the record is about started, or {@code null}
     * @param answeredMillis    when that call's answer came, or {@code null}
     * @param account           the account's name, {@code null} for the default account
     * @param instance          the process that wrote it ({@link #THIS_INSTANCE} of that process)
     * @param deployment        the commands topic of the deployment that wrote it; {@code null} on
     *                          records of versions before deployments were told apart
     */
    record Facts(RequestState state, long fingerprint, Long callStartedMillis, Long answeredMillis, String account,
                 String instance, String deployment) {

        /** The latest moment the call may have reached the API: its answer when one came, else its start; -1 for none. */
        long lastCallMillis() {
            return Math.max(callStartedMillis == null ? -1 : callStartedMillis, answeredMillis == null ? -1 : answeredMillis);
        }
    }

    private LedgerRecords() {
    }

    /** @param account the account's name, or {@code null} for the default account */
    static String key(String account, String requestId) {
        return account == null ? requestId : account + "/" + requestId;
    }

    /** The request id of a {@link #key}: request ids have no "/" (validation allows none). */
    static String requestId(String key) {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    static void write(Facts facts, Headers headers) {
        headers.add(STATE, utf8(wireName(facts.state())));
        if (facts.state() == RequestState.DONE_UNKNOWN) {
            headers.add(OUTCOME, utf8(UNKNOWN));
        }
        headers.add(FINGERPRINT, utf8(Long.toString(facts.fingerprint())));
        if (facts.callStartedMillis() != null) {
            headers.add(CALL_STARTED, utf8(facts.callStartedMillis().toString()));
        }
        if (facts.answeredMillis() != null) {
            headers.add(ANSWERED, utf8(facts.answeredMillis().toString()));
        }
        if (facts.account() != null) {
            headers.add(ACCOUNT, utf8(facts.account()));
        }
        headers.add(INSTANCE, utf8(facts.instance()));
        if (facts.deployment() != null) {
            headers.add(DeploymentStamp.HEADER, utf8(facts.deployment()));
        }
    }

    /** @throws IllegalArgumentException when the headers are not those of a ledger record */
    static Facts facts(Headers headers) {
        String state = text(headers, STATE);
        String fingerprint = text(headers, FINGERPRINT);
        if (state == null || fingerprint == null) {
            throw new IllegalArgumentException("it has no " + (state == null ? STATE : FINGERPRINT) + " header");
        }
        RequestState read = RequestState.valueOf(state.toUpperCase(Locale.ROOT));
        if (read == RequestState.DONE && UNKNOWN.equals(text(headers, OUTCOME))) {
            read = RequestState.DONE_UNKNOWN;
        }
        return new Facts(read, Long.parseLong(fingerprint), millis(headers, CALL_STARTED),
                millis(headers, ANSWERED), text(headers, ACCOUNT), text(headers, INSTANCE),
                text(headers, DeploymentStamp.HEADER));
    }

    /** The value of a record whose facts are all in its headers. */
    static String stateOnly(RequestState state) {
        return "{\"state\":\"" + wireName(state) + "\"}";
    }

    /**
     * A state as the {@code state} header and value write it: an {@code outcome_unknown} result is a
     * {@code done} record (with the header {@code outcome: unknown}), so that earlier versions read
     * it as the final result it is.
     */
    static String wireName(RequestState state) {
        return state == RequestState.DONE_UNKNOWN ? wireName(RequestState.DONE) : state.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The value of a final result.
     *
     * @param submission which submission record the result answers ("partition@offset")
     */
    static String result(ResultEvent event, String submission) {
        ObjectNode value = JsonMapping.MAPPER.createObjectNode();
        value.put("kind", event.kind().name());
        value.put("ce_id", event.cloudEventId());
        value.put("time", event.time().toString());
        value.put("submission", submission);
        value.set("body", event.body());
        try {
            return JsonMapping.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a ledger record could not be serialized", e);
        }
    }

    /** @throws IllegalArgumentException when the value is not a final result */
    static RecordedResult result(String requestId, byte[] value) {
        try {
            JsonNode json = JsonMapping.MAPPER.readTree(value);
            ResultEvent event = new ResultEvent(ResultEvent.Kind.valueOf(json.get("kind").textValue()), requestId,
                    (ObjectNode) json.get("body"), json.get("ce_id").textValue(), Instant.parse(json.get("time").textValue()),
                    false);
            return new RecordedResult(event, json.path("submission").asText(null));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("it is not a final result: " + e.getMessage(), e);
        }
    }

    private static Long millis(Headers headers, String name) {
        String value = text(headers, name);
        return value == null ? null : Long.valueOf(value);
    }

    private static String text(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
