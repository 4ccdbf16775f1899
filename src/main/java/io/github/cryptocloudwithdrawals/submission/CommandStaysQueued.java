package io.github.cryptocloudwithdrawals.submission;

/**
 * The service stopped before a command's call: the exchange must fail, so that its offset is
 * neither committed nor recorded for a commit at stop, and the command is read again after the
 * restart. An expected part of a stop, logged once by the submission stage and nowhere else (the
 * routes' error handling leaves it unlogged).
 */
public final class CommandStaysQueued extends RuntimeException {

    public CommandStaysQueued(String requestId) {
        super("request_id=" + requestId + " stays queued: the service is stopping", null, false, false);
    }
}
