package io.github.cryptocloudwithdrawals.sandbox;

/**
 * What goes back on the wire for one call: a JSON response, or nothing at all when
 * {@code dropConnection} is set (the connection is closed without a status line).
 */
record Reply(int status, String body, boolean dropConnection) {

    static final Reply DROP_CONNECTION = new Reply(0, "", true);

    static Reply json(int status, String body) {
        return new Reply(status, body, false);
    }
}
