package io.github.cryptocloudwithdrawals.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.BrokerChoice.DockerPing;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The ping against stand-ins for an engine on a unix socket, as the Docker engine listens. */
@Timeout(20)
class DockerEngineTest {

    @TempDir
    Path dir;

    @Test
    void anEngineAnsweringTheHttpPingIsThere() throws Exception {
        try (FakeEngine engine = FakeEngine.answering(dir, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nOK")) {
            assertThat(DockerEngine.ping(engine.address(), DockerEngine.PING_TIMEOUT))
                    .isEqualTo(new DockerPing(engine.address(), true));
        }
    }

    @Test
    void anEngineAnsweringWithAnErrorIsNot() throws Exception {
        try (FakeEngine engine = FakeEngine.answering(dir, "HTTP/1.1 500 Internal Server Error\r\n\r\n")) {
            assertThat(DockerEngine.ping(engine.address(), DockerEngine.PING_TIMEOUT).answered()).isFalse();
        }
    }

    @Test
    void noSocketNoEngine() {
        String address = "unix://" + dir.resolve("docker.sock");
        assertThat(DockerEngine.ping(address, DockerEngine.PING_TIMEOUT)).isEqualTo(new DockerPing(address, false));
    }

    @Test
    void aRefusedTcpConnectionIsNoEngine() {
        String address = "tcp://127.0.0.1:" + LoopbackPorts.freePort();
        assertThat(DockerEngine.ping(address, DockerEngine.PING_TIMEOUT).answered()).isFalse();
    }

    /** What makes Testcontainers' own check hang: something accepts the connection and never answers. */
    @Test
    void aSilentEngineIsGivenUpAfterTheTimeoutWhileItIsStillSilent() throws Exception {
        try (FakeEngine engine = FakeEngine.silent(dir)) {
            long started = System.nanoTime();
            DockerPing ping = DockerEngine.ping(engine.address(), DockerEngine.PING_TIMEOUT);
            long tookNanos = System.nanoTime() - started;

            assertThat(ping.answered()).isFalse();
            assertThat(engine.accepted()).as("the ping reached the silent engine").isTrue();
            assertThat(engine.hasAnswered()).as("the engine never answered before the ping gave up").isFalse();
            assertThat(Duration.ofNanos(tookNanos)).isGreaterThanOrEqualTo(DockerEngine.PING_TIMEOUT);
        }
    }

    @Test
    void theDefaultAddressIsTheEnginesSocketUnlessDockerHostSaysOtherwise() {
        assertThat(DockerEngine.address(null)).isEqualTo("unix:///var/run/docker.sock");
        assertThat(DockerEngine.address(" ")).isEqualTo("unix:///var/run/docker.sock");
        assertThat(DockerEngine.address("tcp://10.0.0.5:2375")).isEqualTo("tcp://10.0.0.5:2375");
    }

    /** A unix socket server that answers each connection with a fixed response, or never. */
    private static final class FakeEngine implements AutoCloseable {

        private final Path socket;
        private final ServerSocketChannel server;
        private final CountDownLatch acceptedOne = new CountDownLatch(1);
        private final AtomicBoolean answered = new AtomicBoolean();
        private final Thread thread;

        private FakeEngine(Path socket, String response) throws IOException {
            this.socket = socket;
            this.server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            thread = new Thread(() -> serve(response), "fake-docker-engine");
            thread.setDaemon(true);
            thread.start();
        }

        static FakeEngine answering(Path dir, String response) throws IOException {
            return new FakeEngine(dir.resolve("docker.sock"), response);
        }

        static FakeEngine silent(Path dir) throws IOException {
            return new FakeEngine(dir.resolve("docker.sock"), null);
        }

        String address() {
            return "unix://" + socket;
        }

        boolean accepted() throws InterruptedException {
            return acceptedOne.await(5, TimeUnit.SECONDS);
        }

        boolean hasAnswered() {
            return answered.get();
        }

        private void serve(String response) {
            try (SocketChannel client = server.accept()) {
                acceptedOne.countDown();
                client.read(ByteBuffer.allocate(1024));
                if (response == null) {
                    client.read(ByteBuffer.allocate(1)); // silent until the caller gives up and closes
                    return;
                }
                answered.set(true);
                client.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
            } catch (IOException e) {
                // the caller gave up or the engine was closed
            }
        }

        @Override
        public void close() throws Exception {
            server.close();
            thread.join(5000);
        }
    }
}
