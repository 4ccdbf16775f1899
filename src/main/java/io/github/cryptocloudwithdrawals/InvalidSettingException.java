package io.github.cryptocloudwithdrawals;

/**
 * A setting is missing or wrong. Its message is one sentence naming the environment variable to
 * fix, and never contains a secret: it is what the service prints when it refuses to start.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(String message) {
        super(message);
    }
}
