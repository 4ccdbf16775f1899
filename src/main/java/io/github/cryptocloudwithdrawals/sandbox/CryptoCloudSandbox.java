package io.github.cryptocloudwithdrawals.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.cryptocloudwithdrawals.settings.SettingNames;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local stand-in for CryptoCloud's {@code POST /v2/invoice/api/out/create}, for tests, the demo
 * and docker-compose. By default it emulates the API (authorization with any of the configured
 * keys, validation, the minimum interval between calls with the same key, a success body of the
 * configured shape); tests can script the answers to the next calls ({@link #enqueue}) or to every
 * call ({@link #setDefaultAnswer}), and read back what was received ({@link #requests()}, or one
 * key's with {@link #requests(String)}). With {@link SandboxSettings#tls()} it serves HTTPS, as the
 * real API does; a caller that does not trust its certificate fails the handshake, and the request
 * never reaches the sandbox.
 *
 * <p>Requests are handled on a thread pool, so a delayed answer holds only its own call. API keys
 * are never logged or echoed.
 */
public final class CryptoCloudSandbox implements AutoCloseable {

    public static final String PAYOUT_PATH = "/v2/invoice/api/out/create";

    private static final Reply NOT_FOUND = Reply.json(404, "{\"detail\":\"Not found.\"}");
    /** One line per call answered ({@link CallLine}): what a trial sent, and what it got back. */
    private static final Logger LOG = LoggerFactory.getLogger("cryptocloud-sandbox");

    private final HttpServer server;
    private final ExecutorService handlers;
    private final MinimumIntervalPerKey minimumInterval;
    private final SandboxAnswer emulatedApi;
    private final RequestLog requestLog = new RequestLog();
    private final Queue<SandboxAnswer> scripted = new ConcurrentLinkedQueue<>();
    private volatile SandboxAnswer defaultAnswer;

    private CryptoCloudSandbox(SandboxSettings settings) throws IOException {
        this.minimumInterval = new MinimumIntervalPerKey(settings.apiKeys(), settings.minIntervalMs());
        this.emulatedApi = SandboxAnswer.emulatedApi(settings);
        this.defaultAnswer = emulatedApi;
        this.handlers = Executors.newCachedThreadPool(daemonThreads());
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (settings.tls() == null) {
            this.server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(settings.tls().sslContext()));
            this.server = https;
        }
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    public static CryptoCloudSandbox start(SandboxSettings settings) {
        Objects.requireNonNull(settings, "settings");
        try {
            CryptoCloudSandbox sandbox = new CryptoCloudSandbox(settings);
            sandbox.server.start();
            return sandbox;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not listen on " + settings.host() + ":" + settings.port(), e);
        }
    }

    /** E.g. {@code http://127.0.0.1:41234} (or {@code https://}), without a trailing slash. */
    public String baseUrl() {
        InetAddress address = server.getAddress().getAddress();
        String host = address.getHostAddress();
        return (server instanceof HttpsServer ? "https://" : "http://") + (host.contains(":") ? "[" + host + "]" : host)
                + ":" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The next call to the payout endpoint not yet answered by an earlier script gets this answer. */
    public void enqueue(SandboxAnswer answer) {
        scripted.add(Objects.requireNonNull(answer, "answer"));
    }

    /** Every call without a scripted answer gets this one, e.g. 401 or 503 for a while. */
    public void setDefaultAnswer(SandboxAnswer answer) {
        defaultAnswer = Objects.requireNonNull(answer, "answer");
    }

    /** Back to emulating the API. */
    public void resetDefault() {
        defaultAnswer = emulatedApi;
    }

    /** Every request received (on any path), in arrival order; a copy. */
    public List<RecordedRequest> requests() {
        return requestLog.snapshot();
    }

    /**
     * The requests sent with {@code Authorization: Token <apiKey>}, in arrival order; a copy. What
     * one account's calls looked like to CryptoCloud, which rate-limits each key on its own.
     */
    public List<RecordedRequest> requests(String apiKey) {
        return requestLog.snapshot(Authorizations.headerValue(Objects.requireNonNull(apiKey, "apiKey")));
    }

    public void clearRequests() {
        requestLog.clear();
    }

    /** Milliseconds between consecutive arrivals of {@link #requests()}, truncated. */
    public List<Long> gapsMillis() {
        return requestLog.gapsMillis();
    }

    /** Milliseconds between consecutive arrivals of {@link #requests(String)}, truncated. */
    public List<Long> gapsMillis(String apiKey) {
        return requestLog.gapsMillis(Authorizations.headerValue(Objects.requireNonNull(apiKey, "apiKey")));
    }

    @Override
    public void close() {
        server.stop(0);
        // Interrupts answers still sleeping in delayed(); their connections are then dropped.
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrivalNanos = System.nanoTime();
        Instant arrivedAt = Instant.now();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        boolean payoutCall = "POST".equals(method) && PAYOUT_PATH.equals(path);
        // Decided on arrival, before the body is read, as the API would measure it.
        boolean tooSoon = payoutCall
                && minimumInterval.arrive(exchange.getRequestHeaders().getFirst("Authorization"), arrivalNanos);
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        RecordedRequest request = new RecordedRequest(arrivalNanos, arrivedAt, method, path,
                exchange.getRequestHeaders(), body);
        requestLog.add(request);

        Reply reply;
        try {
            reply = payoutCall ? nextAnswer().replyTo(new IncomingCall(request, tooSoon)) : NOT_FOUND;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = Reply.DROP_CONNECTION;
        }
        LOG.info(CallLine.of(request, reply));
        send(exchange, reply);
    }

    private SandboxAnswer nextAnswer() {
        SandboxAnswer next = scripted.poll();
        return next != null ? next : defaultAnswer;
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.dropConnection()) {
            // Closing before any response header is sent closes the socket: the client gets no status line.
            exchange.close();
            return;
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "cryptocloud-sandbox-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /**
     * Runs the sandbox until SIGTERM or Ctrl-C, configured by {@code SANDBOX_API_KEY} (required: one
     * key, or several accounts' keys separated by commas, e.g. {@code key-a,key-b}),
     * {@code SANDBOX_HOST}, {@code SANDBOX_PORT}, {@code SANDBOX_MIN_INTERVAL_MS} (per key),
     * {@code SANDBOX_SUCCESS_SHAPE} and, for HTTPS, {@code SANDBOX_TLS_KEYSTORE} and
     * {@code SANDBOX_TLS_KEYSTORE_PASSWORD}; see {@link SandboxSettings#fromEnvironment}.
     */
    public static void main(String[] args) throws InterruptedException {
        List<String> refusals = new ArrayList<>(SettingNames.ofTheSandbox().check(System.getenv().keySet()).refusals());
        SandboxSettings settings = null;
        try {
            settings = SandboxSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            refusals.add(e.getMessage());
        }
        if (!refusals.isEmpty()) {
            refusals.forEach(refusal -> System.err.println("cryptocloud-sandbox: " + refusal));
            System.exit(2);
            return;
        }
        CryptoCloudSandbox sandbox = start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "cryptocloud-sandbox-shutdown"));
        System.out.println("CryptoCloud sandbox listening on " + sandbox.baseUrl() + PAYOUT_PATH
                + " (" + settings.apiKeys().size() + " API key(s), minimum interval " + settings.minIntervalMs()
                + " ms per key)");
        stopped.await();
    }
}
