package io.github.cryptocloudwithdrawals.sandbox;

import java.util.Objects;

/**
 * How the sandbox answers a call to the payout endpoint, scripted by a test with
 * {@link CryptoCloudSandbox#enqueue} or {@link CryptoCloudSandbox#setDefaultAnswer}. Scripted
 * answers replace the emulated API entirely: no authorization, validation or rate-limit check.
 */
public final class SandboxAnswer {

    @FunctionalInterface
    interface Responder {
        Reply replyTo(IncomingCall call) throws InterruptedException;
    }

    private final String description;
    private final Responder responder;

    private SandboxAnswer(String description, Responder responder) {
        this.description = description;
        this.responder = responder;
    }

    /** Answers with this status and body (sent as {@code application/json}). */
    public static SandboxAnswer status(int code, String jsonBody) {
        return status(code, "application/json", jsonBody);
    }

    /**
     * Answers with this status, content type and body: what a proxy or a web server in front of the
     * API, or a wrong path, answers (an HTML page, plain text, an empty body).
     */
    public static SandboxAnswer status(int code, String contentType, String body) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("HTTP status must be 100-599, was " + code);
        }
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        return new SandboxAnswer("status " + code + " " + contentType, call -> Reply.page(code, contentType, body));
    }

    /** Waits, then answers as {@code then} does; other calls are served meanwhile. */
    public static SandboxAnswer delayed(long millis, SandboxAnswer then) {
        if (millis < 0) {
            throw new IllegalArgumentException("delay must not be negative, was " + millis);
        }
        Objects.requireNonNull(then, "then");
        return new SandboxAnswer("after " + millis + " ms, " + then, call -> {
            Thread.sleep(millis);
            return then.replyTo(call);
        });
    }

    /**
     * Reads the request, then closes the connection without any response: the client cannot know
     * whether the payout was created, which is the case "never pay twice" has to survive.
     */
    public static SandboxAnswer dropConnection() {
        return new SandboxAnswer("dropped connection", call -> Reply.DROP_CONNECTION);
    }

    /** 200 with the long success body, echoing the request's currency, address and amount. */
    public static SandboxAnswer success() {
        return successWith(SuccessShape.LONG);
    }

    /** 200 with the short success body ({@code invoice_id}, {@code status}, {@code currency}, {@code amount}). */
    public static SandboxAnswer successShort() {
        return successWith(SuccessShape.SHORT);
    }

    /** The API's answer to an address that does not belong to the currency's network. */
    public static SandboxAnswer rejectNetwork() {
        return new SandboxAnswer("network rejected",
                call -> Reply.json(400, PayoutJson.error("network", "Invalid address for network")));
    }

    /** The emulated API: checks in the real endpoint's order, then a success of the configured shape. */
    static SandboxAnswer emulatedApi(SandboxSettings settings) {
        return new SandboxAnswer("emulated API", new EmulatedApi(settings));
    }

    Reply replyTo(IncomingCall call) throws InterruptedException {
        return responder.replyTo(call);
    }

    @Override
    public String toString() {
        return "SandboxAnswer[" + description + "]";
    }

    private static SandboxAnswer successWith(SuccessShape shape) {
        return new SandboxAnswer("success " + shape, call -> {
            // A scripted success answers even a malformed request; it echoes what it can.
            return Reply.json(200, PayoutJson.success(shape, PayoutJson.parseObject(call.request().body())));
        });
    }
}
