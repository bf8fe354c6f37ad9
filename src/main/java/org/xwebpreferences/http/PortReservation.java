package org.xwebpreferences.http;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * The port a server will listen on, held from the start of its start-up
 * without taking connections: a socket bound to it that does not listen, so
 * that a port another process has stops the start before a database is made,
 * and a client that connects meanwhile is refused at once (and goes to
 * another node) instead of being taken into the listen queue. A listening
 * server took such connections while its database and SOAP stack were made
 * ready, and answered them up to a minute later: a write sent then was
 * applied after newer writes through other nodes had been acknowledged
 * (consistency audit).
 */
public final class PortReservation implements AutoCloseable {

    private final SocketChannel socket;
    private final InetSocketAddress address;

    private PortReservation(SocketChannel socket, InetSocketAddress address) {
        this.socket = socket;
        this.address = address;
    }

    /** Holds the port (0: one the system picks), or says why it cannot be had, naming the options. */
    public static PortReservation hold(String host, int port) throws IOException {
        InetSocketAddress wanted = new InetSocketAddress(host, port);
        if (wanted.isUnresolved()) {
            throw new IllegalArgumentException("--host: '" + host + "' is neither an address nor a name that resolves");
        }
        try {
            return bound(wanted, false);
        } catch (BindException e) {
            try {
                return bound(wanted, true);
            } catch (BindException again) { // the port is taken, or the address is not this machine's
                throw new IOException("--host/--port: cannot listen on " + host + ":" + port + ": "
                        + again.getMessage(), again);
            }
        }
    }

    /**
     * A socket bound to the address. Without SO_REUSEADDR first, so that no
     * other process can take the port while it is held. With it where that
     * failed, which succeeds only where nothing listens on the port: the
     * connections of a server that just stopped, closing (TIME_WAIT), kept a
     * restarted one from its port for a minute (multi-node audit). Held that
     * way, the port can still be taken by another process that binds with
     * SO_REUSEADDR too (as most servers do); this server then fails when it
     * listens, after its database was opened, rather than before.
     */
    private static PortReservation bound(InetSocketAddress wanted, boolean reuseAddress) throws IOException {
        SocketChannel socket = SocketChannel.open();
        try {
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, reuseAddress);
            socket.bind(wanted);
            return new PortReservation(socket, (InetSocketAddress) socket.getLocalAddress());
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** The address held, with the port the system picked where 0 was asked for. */
    public InetSocketAddress address() {
        return address;
    }

    /** Lets the port go, for the server to listen on it at once. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
