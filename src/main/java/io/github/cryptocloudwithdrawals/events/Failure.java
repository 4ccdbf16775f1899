package io.github.cryptocloudwithdrawals.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code error} object of a failure event.
 *
 * @param field      the command field at fault, or {@code null}
 * @param httpStatus the API's HTTP status, or {@code null} when no answer came
 * @param apiError   the API's answer body (parsed JSON, or a text node when it was not JSON)
 */
public record Failure(ErrorType type, String message, String field, Integer httpStatus, JsonNode apiError) {

    public static Failure of(ErrorType type, String message) {
        return new Failure(type, message, null, null, null);
    }

    public static Failure ofField(ErrorType type, String field, String message) {
        return new Failure(type, message, field, null, null);
    }
}
