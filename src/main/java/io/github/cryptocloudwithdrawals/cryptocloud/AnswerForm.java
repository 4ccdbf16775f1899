package io.github.cryptocloudwithdrawals.cryptocloud;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * The answer table: every form an answer to a payout call can take, how it is recognised, and
 * what it means for the withdrawal. The first row that matches decides, so a body's explicit
 * error comes before the status, and a status before the catch-all rows. The manual (docs/cryptocloud-api.md) shows this
 * table row for row ({@code AnswerFormTest} checks that it does).
 *
 * <p>Money rule: only a clear success is {@code created}, and only a clear refusal that the call
 * was executed is {@code not_executed} or {@code rate_limited} (both lead to another call). Any
 * answer that contradicts itself or proves nothing is {@code unknown}, never sent again. Only the
 * API's own refusal of a withdrawal is {@code rejected}: an answer that did not come from the
 * payout endpoint as meant says nothing about the command, which is held, not failed.
 */
public enum AnswerForm {

    AUTHORIZATION_ERROR("refused key",
            "an error naming `authorization` (`{\"status\":\"error\",\"result\":{\"authorization\":\"Unauthorized request.\"}}`), whatever the HTTP status",
            Outcome.NOT_EXECUTED,
            answer -> answer.namesError("authorization")),

    TOKEN_ERROR("refused key",
            "`{\"detail\": \"…\"}` with a token error (`Signature verification failed`, `Invalid header padding` or another text listed below), whatever the HTTP status",
            Outcome.NOT_EXECUTED,
            answer -> !answer.claimsSuccess() && isTokenError(answer.detail())),

    RATE_LIMIT_ERROR("rate limit",
            "an error naming `rate_limit`, whatever the HTTP status",
            Outcome.RATE_LIMITED,
            answer -> answer.namesError("rate_limit")),

    KEY_REFUSED("refused key",
            "HTTP 401 or 403 with any other body that does not claim success",
            Outcome.NOT_EXECUTED,
            answer -> (answer.statusIn(401, 401) || answer.statusIn(403, 403)) && !answer.claimsSuccess()),

    TOO_MANY_REQUESTS("rate limit",
            "HTTP 429 with any other body that does not claim success",
            Outcome.RATE_LIMITED,
            answer -> answer.statusIn(429, 429) && !answer.claimsSuccess()),

    SUCCESS("success",
            "HTTP 2xx, `\"status\":\"success\"` and an object under `result` (or `data`, the older page) with a non-blank `invoice_id` (else `uuid`)",
            Outcome.CREATED,
            answer -> answer.statusIn(200, 299) && answer.invoiceId() != null),

    DOCUMENTED_ERROR("documented refusal",
            "HTTP 2xx or 4xx, an error naming `required_parameter`, `currency_code`, `network`, `uncorrected_amount` or `validate_error`",
            Outcome.REJECTED,
            answer -> isClientOrSuccessStatus(answer) && namesDocumentedError(answer)),

    OTHER_ERROR("other refusal",
            "HTTP 2xx or 4xx, any other `\"status\":\"error\"` body with an error key",
            Outcome.REJECTED,
            answer -> isClientOrSuccessStatus(answer) && !answer.errors().isEmpty()),

    NOT_THE_ENDPOINT("not the payout endpoint",
            "HTTP 404, 405, 407, 408, 413, 415, 421, 426 or 431, or any other 4xx whose body is not JSON, that does not "
                    + "claim success (a wrong base URL or path, a proxy's or a web server's page)",
            Outcome.NOT_EXECUTED,
            answer -> answer.statusIn(400, 499) && !answer.claimsSuccess()
                    && (isNotTheEndpointStatus(answer) || !answer.json())),

    CLIENT_ERROR("client error",
            "any other HTTP 4xx that does not claim success (JSON without an error key: a `detail` that is no token "
                    + "error, another object)",
            Outcome.REJECTED,
            answer -> answer.statusIn(400, 499) && !answer.claimsSuccess()),

    NO_PROOF("no proof",
            "any other answer: 1xx, 3xx, 5xx, a 2xx that is no success with an invoice id, a 4xx claiming success",
            Outcome.UNKNOWN,
            ReceivedAnswer::answered),

    NOT_SENT("not sent",
            "no answer, failed before the request left: connection refused, connect timeout, unknown host, no route, TLS handshake failed (certificate not trusted), host name not in the certificate",
            Outcome.NOT_EXECUTED,
            answer -> failedBeforeSending(answer.failure())),

    NO_ANSWER("no answer",
            "no answer once the request may have left: read timeout, connection dropped",
            Outcome.UNKNOWN,
            answer -> true);

    /** What an answer means for the withdrawal; the names are {@link ApiAnswer#name()}'s. */
    public enum Outcome {
        /** Paid: a success event with the invoice id. */
        CREATED("created"),
        /** Refused, nothing paid: a failure event {@code rejected} carrying the API's body. */
        REJECTED("rejected"),
        /** Not executed, too soon: called again through the throttle, {@code rate_limited} past the budget. */
        RATE_LIMITED("rate_limited"),
        /** Not executed, not the command's fault: held with backoff, readiness DOWN, key file re-read. */
        NOT_EXECUTED("not_executed"),
        /** Maybe paid: a failure event {@code outcome_unknown}, never sent again. */
        UNKNOWN("unknown");

        private final String wireName;

        Outcome(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** The error keys CryptoCloud's payout page documents for a withdrawal it refuses. */
    static final List<String> DOCUMENTED_ERRORS =
            List.of("required_parameter", "currency_code", "network", "uncorrected_amount", "validate_error");

    /**
     * The API key is a JWT ({@code eyJ0eXAi…} on CryptoCloud's pages), checked by a web framework
     * that answers a failed check as {@code {"detail": "<text>"}}. These are the texts of the JWT
     * library (the two CryptoCloud was seen answering first) and of the framework's token
     * authentication, matched at the start and ignoring case. Any other {@code detail} says nothing
     * about the key: it follows its HTTP status, because holding on an unknown text would stop the
     * account's queue for what may be one command's refusal.
     */
    static final List<String> TOKEN_ERRORS = List.of(
            "Signature verification failed",
            "Invalid header padding",
            "Invalid header string",
            "Invalid payload padding",
            "Invalid payload string",
            "Invalid crypto padding",
            "Not enough segments",
            "Signature has expired",
            "Error decoding signature",
            "Invalid token",
            "Authentication credentials were not provided",
            "Incorrect authentication credentials");

    /**
     * Statuses that a server answers before any handler of the payout endpoint runs: no such path
     * or method (a wrong base URL, or a proxy's page), a proxy wanting its own credentials, a
     * request that took too long to arrive, a body or headers too large or of the wrong type for
     * the server, a connection meant for another host, another protocol wanted. Nothing was
     * executed, and every command would get the same answer: the command is not at fault.
     */
    static final Set<Integer> NOT_THE_ENDPOINT_STATUSES = Set.of(404, 405, 407, 408, 413, 415, 421, 426, 431);

    /** Failures that happen before the request is written: they prove nothing was sent. */
    private static final Set<Class<? extends Exception>> NOT_SENT_FAILURES = Set.of(
            ConnectException.class, ConnectTimeoutException.class, UnknownHostException.class,
            NoRouteToHostException.class, SSLHandshakeException.class, SSLPeerUnverifiedException.class);

    private final String answer;
    private final String recognisedBy;
    private final Outcome outcome;
    private final Predicate<ReceivedAnswer> recognises;

    AnswerForm(String answer, String recognisedBy, Outcome outcome, Predicate<ReceivedAnswer> recognises) {
        this.answer = answer;
        this.recognisedBy = recognisedBy;
        this.outcome = outcome;
        this.recognises = recognises;
    }

    /** The first row that recognises the answer; the last row takes whatever is left. */
    static AnswerForm of(ReceivedAnswer received) {
        for (AnswerForm form : values()) {
            if (form.recognises.test(received)) {
                return form;
            }
        }
        throw new IllegalStateException("the answer table ends with a row for any answer");
    }

    /** A short name of the form, as in the manual's table. */
    public String answer() {
        return answer;
    }

    /** How the form is recognised, in Markdown, as in the manual's table. */
    public String recognisedBy() {
        return recognisedBy;
    }

    public Outcome outcome() {
        return outcome;
    }

    private static boolean isClientOrSuccessStatus(ReceivedAnswer answer) {
        return answer.statusIn(200, 299) || answer.statusIn(400, 499);
    }

    private static boolean isNotTheEndpointStatus(ReceivedAnswer answer) {
        return NOT_THE_ENDPOINT_STATUSES.contains(answer.httpStatus());
    }

    private static boolean namesDocumentedError(ReceivedAnswer answer) {
        return DOCUMENTED_ERRORS.stream().anyMatch(answer::namesError);
    }

    private static boolean isTokenError(String detail) {
        if (detail == null) {
            return false;
        }
        String text = detail.strip().toLowerCase(Locale.ROOT);
        return TOKEN_ERRORS.stream().anyMatch(error -> text.startsWith(error.toLowerCase(Locale.ROOT)));
    }

    private static boolean failedBeforeSending(Exception failure) {
        return failure != null && NOT_SENT_FAILURES.stream().anyMatch(type -> type.isInstance(failure));
    }
}
