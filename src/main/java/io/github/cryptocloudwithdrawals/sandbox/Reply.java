package io.github.cryptocloudwithdrawals.sandbox;

/**
 * What goes back on the wire for one call: a response of this content type, or nothing at all
 * when {@code dropConnection} is set (the connection is closed without a status line).
 */
record Reply(int status, String contentType, String body, boolean dropConnection) {

    static final Reply DROP_CONNECTION = new Reply(0, null, "", true);

    static Reply json(int status, String body) {
        return new Reply(status, "application/json", body, false);
    }

    /** Not the API's JSON: a proxy's or a web server's page, e.g. {@code text/html}. */
    static Reply page(int status, String contentType, String body) {
        return new Reply(status, contentType, body, false);
    }
}
