package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class PortReservationTest {

    @Test
    void aHostThatDoesNotResolveIsNamedAsTheHostOption() {
        assertThatThrownBy(() -> PortReservation.hold("bogus.invalid", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--host: 'bogus.invalid' is neither an address nor a name that resolves");
    }

    @Test
    void aPortInUseIsNamedWithTheAddressTried() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> PortReservation.hold("127.0.0.1", port))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("--host/--port: cannot listen on 127.0.0.1:" + port + ": ");
        }
    }

    /** While a server gets ready, a client is refused at once, not taken into a listen queue nobody reads. */
    @Test
    void aHeldPortRefusesConnectionsAndIsFreeForTheServerOnceLetGo() throws Exception {
        PortReservation held = PortReservation.hold("127.0.0.1", 0);
        int port = held.address().getPort();

        assertThat(port).isPositive();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> new ServerSocket(port, 1, InetAddress.getLoopbackAddress()))
                .as("held from other processes").isInstanceOf(BindException.class);
        held.close();
        try (ServerSocket server = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket("127.0.0.1", port)) {
            assertThat(client.isConnected()).isTrue();
        }
    }

    /**
     * A server that just stopped leaves its closed connections on the port for
     * a minute (TIME_WAIT): a restarted one takes the port at once all the same.
     */
    @Test
    void aPortLeftOnlyWithClosingConnectionsIsHeldAtOnce() throws Exception {
        int port;
        try (ServerSocket stopped = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket("127.0.0.1", stopped.getLocalPort())) {
            port = stopped.getLocalPort();
            stopped.accept().close(); // the server's side closes first: it is the one left in TIME_WAIT
            client.getInputStream().read();
        }

        try (PortReservation held = PortReservation.hold("127.0.0.1", port)) {
            assertThat(held.address().getPort()).isEqualTo(port);
        }
    }
}
