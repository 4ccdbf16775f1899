package io.github.cryptocloudwithdrawals.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on 127.0.0.1 for the servers the tests start (management ports, stubs). */
public final class LoopbackPorts {

    private LoopbackPorts() {
    }

    /** A port nothing listened on a moment ago: the OS's pick, released at once. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Distinct ports nothing listened on a moment ago: all stay open until every one is chosen. */
    public static int[] freePorts(int count) {
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
            }
            return java.util.Arrays.stream(sockets).mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find free ports", e);
        } finally {
            for (ServerSocket socket : sockets) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // the port was only probed; failing to release it changes nothing for the caller
        }
    }
}
