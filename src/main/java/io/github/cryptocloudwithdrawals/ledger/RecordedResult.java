package io.github.cryptocloudwithdrawals.ledger;

import io.github.cryptocloudwithdrawals.events.ResultEvent;

/**
 * A request's final result as recorded: the event, and the submission record it answered
 * ("partition@offset"), which tells a crash's redelivery of that record from a duplicate.
 */
public record RecordedResult(ResultEvent event, String submission) {
}
