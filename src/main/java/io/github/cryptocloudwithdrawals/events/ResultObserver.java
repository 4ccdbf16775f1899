package io.github.cryptocloudwithdrawals.events;

/** Told of every result event as it goes out; counting and logging results is the observer's business. */
@FunctionalInterface
public interface ResultObserver {

    /** @param commandTimestampMillis when the command was published, if known */
    void publishing(ResultEvent event, Long commandTimestampMillis);
}
