package io.github.cryptocloudwithdrawals.settings;

/**
 * A setting is missing or wrong. Its message is one sentence naming the environment variable to
 * fix, and never contains a secret: it is what the service prints when it refuses to start.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    public InvalidSettingException(String message) {
        super(message);
    }

    /**
     * None: the message says everything an operator needs. A setting found wrong while Camel
     * starts its services (an internal topic's) is also logged by Camel, and a stack trace there
     * would only bury the line that matters.
     */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
