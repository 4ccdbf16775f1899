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
}
