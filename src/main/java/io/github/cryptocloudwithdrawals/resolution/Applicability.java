package io.github.cryptocloudwithdrawals.resolution;

import io.github.cryptocloudwithdrawals.events.ResultEvent;
import io.github.cryptocloudwithdrawals.history.RequestState;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a resolution may apply to its request, from the request's latest ledger record: only
 * while the request's current result is {@code outcome_unknown} (SPEC §5a). Checked twice: by
 * the resolutions route before it queues the resolution, and by the account's submission stage,
 * the ledger's one writer, before it applies it.
 */
public final class Applicability {

    /** What a resolution comes to. */
    public enum Verdict {
        /** The request's result is {@code outcome_unknown}: the resolution settles it. */
        APPLIES,
        /** No command with this request id reached a submission stage. */
        UNKNOWN_REQUEST,
        /** The request has no final result yet: its call is queued, held or in flight. */
        NOT_FINISHED,
        /** Its result is known (succeeded, failed, rate_limited): there is nothing to resolve. */
        NOT_UNKNOWN,
        /** Another resolution settled it already. */
        ALREADY_RESOLVED,
        /** This very resolution (or an earlier one of the same partition) was applied already: no second effect. */
        ALREADY_APPLIED,
        /**
         * The result is {@code outcome_unknown}, but not the one the resolution was published for:
         * recorded after it was published, or after the resolutions route found it applied to an
         * earlier outcome (two resolutions of one outcome, the first one's call unknown again).
         * Nobody has checked this outcome yet.
         */
        PUBLISHED_BEFORE_OUTCOME
    }

    /**
     * A recorded final result, as far as resolutions care.
     *
     * @param resolvedBy the resolution the result came from, if any
     * @param summary    what the result is, for a refusal's reason
     * @param recordedAt when the result came (its event's time)
     * @param id         the result's {@code ce_id}
     */
    public record Recorded(boolean outcomeUnknown, Optional<Resolution.RecordId> resolvedBy, String summary,
                           Instant recordedAt, String id) {

        public static Recorded of(ResultEvent result) {
            String summary = result.kind() == ResultEvent.Kind.SUCCEEDED ? "succeeded"
                    : "failed with " + result.body().path("error").path("type").asText();
            return new Recorded(result.outcomeUnknown(), Resolution.RecordId.echoedIn(result.body()), summary,
                    result.time(), result.cloudEventId());
        }
    }

    private Applicability() {
    }

    /**
     * @param state    the request's latest ledger state, empty when the ledger does not know it
     * @param recorded the request's final result, when its latest record has one
     */
    public static Verdict of(Optional<RequestState> state, Optional<Recorded> recorded, Resolution resolution) {
        if (state.isEmpty()) {
            return Verdict.UNKNOWN_REQUEST;
        }
        if (recorded.isEmpty()) {
            return Verdict.NOT_FINISHED;
        }
        Recorded result = recorded.get();
        if (result.resolvedBy().isPresent() && !resolution.record().isAfter(result.resolvedBy().get())) {
            return Verdict.ALREADY_APPLIED;
        }
        if (result.outcomeUnknown()) {
            // an operator resolves the outcome they checked: not one recorded after they published, nor
            // another than the one the resolutions route found it applies to
            boolean earlier = resolution.publishedAt() != null && resolution.publishedAt().isBefore(result.recordedAt())
                    || resolution.outcome() != null && !resolution.outcome().equals(result.id());
            return earlier ? Verdict.PUBLISHED_BEFORE_OUTCOME : Verdict.APPLIES;
        }
        return result.resolvedBy().isPresent() ? Verdict.ALREADY_RESOLVED : Verdict.NOT_UNKNOWN;
    }

    /** Why a resolution with this verdict is refused, for the log line. */
    public static String reason(Verdict verdict, Optional<Recorded> recorded) {
        return switch (verdict) {
            case APPLIES -> throw new IllegalArgumentException("an applicable resolution is not refused");
            case UNKNOWN_REQUEST -> "unknown request_id: no command with it reached this deployment's ledger (check "
                    + "request_id and account)";
            case NOT_FINISHED -> "the request is still in flight: it has no result yet";
            case NOT_UNKNOWN -> "its result is not outcome_unknown: it " + recorded.map(Recorded::summary).orElse("?");
            case ALREADY_RESOLVED -> "already resolved by " + recorded.flatMap(Recorded::resolvedBy).map(Object::toString)
                    .orElse("?") + ": it " + recorded.map(Recorded::summary).orElse("?");
            case ALREADY_APPLIED -> "already applied: the request's result comes from this resolution, or a later one";
            case PUBLISHED_BEFORE_OUTCOME -> "published for an earlier outcome than the request's current "
                    + "outcome_unknown (recorded " + recorded.map(Recorded::recordedAt).map(Object::toString).orElse("?")
                    + "); check the dashboard for the latest call and publish a new resolution";
        };
    }
}
