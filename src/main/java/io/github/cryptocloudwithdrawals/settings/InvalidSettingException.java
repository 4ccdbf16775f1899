package io.github.cryptocloudwithdrawals.settings;

import java.util.List;

/**
 * One or more settings are missing or wrong. Each problem is one sentence naming the environment
 * variable to fix, and never contains a secret: what the service prints, one line each, when it
 * refuses to start.
 */
public final class InvalidSettingException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidSettingException(String problem) {
        this(List.of(problem));
    }

    /** @param problems every problem found, in the order the settings were read; at least one */
    public InvalidSettingException(List<String> problems) {
        super(String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
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
