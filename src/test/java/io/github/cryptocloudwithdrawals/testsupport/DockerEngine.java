package io.github.cryptocloudwithdrawals.testsupport;

import io.github.cryptocloudwithdrawals.testsupport.BrokerChoice.DockerPing;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Asks a Docker engine whether it runs ({@code GET /_ping}) and gives up after a deadline.
 * Testcontainers' own check is not used for this: where a {@code docker} client is installed
 * without an engine it can take minutes to give up.
 */
final class DockerEngine {

    static final Duration PING_TIMEOUT = Duration.ofSeconds(1);
    private static final String DEFAULT_SOCKET = "unix:///var/run/docker.sock";

    private DockerEngine() {
    }

    /** The engine's address: {@code DOCKER_HOST} ({@code unix://…} or {@code tcp://host:port}), else the default socket. */
    static String address(String dockerHost) {
        return dockerHost == null || dockerHost.isBlank() ? DEFAULT_SOCKET : dockerHost.strip();
    }

    /**
     * Pings the engine at this address. Anything but an HTTP 200 within the timeout (no socket, a
     * refused connection, silence, a TLS-only engine) counts as no engine.
     */
    static DockerPing ping(String address, Duration timeout) {
        AtomicReference<SocketChannel> channel = new AtomicReference<>();
        CompletableFuture<Boolean> answer = CompletableFuture.supplyAsync(() -> exchange(address, channel), runnable -> {
            Thread thread = new Thread(runnable, "docker-ping");
            thread.setDaemon(true);
            thread.start();
        });
        try {
            return new DockerPing(address, answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException | ExecutionException e) {
            return new DockerPing(address, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new DockerPing(address, false);
        } finally {
            closeQuietly(channel.get()); // ends a read still waiting for a silent engine
        }
    }

    private static boolean exchange(String address, AtomicReference<SocketChannel> holder) {
        try {
            SocketAddress target = socketAddress(address);
            if (target == null) {
                return false;
            }
            SocketChannel channel = target instanceof UnixDomainSocketAddress
                    ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
            holder.set(channel);
            channel.connect(target);
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buffer = ByteBuffer.allocate(256);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // HTTP/1.0: the engine closes the connection after its answer
            }
            String response = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
            return response.matches("(?s)HTTP/1\\.[01] 200 .*");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static SocketAddress socketAddress(String address) {
        URI uri = URI.create(address);
        if ("unix".equals(uri.getScheme())) {
            return UnixDomainSocketAddress.of(uri.getPath());
        }
        if ("tcp".equals(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0) {
            return new InetSocketAddress(uri.getHost(), uri.getPort());
        }
        return null; // npipe:// and the like: not reachable from here
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // it was only a probe
        }
    }
}
