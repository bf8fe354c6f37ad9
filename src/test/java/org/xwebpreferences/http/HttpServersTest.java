package org.xwebpreferences.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpServersTest {

    @Test
    void aHostThatDoesNotResolveIsNamedAsTheHostOption() {
        assertThatThrownBy(() -> HttpServers.create("bogus.invalid", 0, 2, 10, null, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--host: 'bogus.invalid' is neither an address nor a name that resolves");
    }

    @Test
    void aPortInUseIsNamedWithTheAddressTried() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            assertThatThrownBy(() -> HttpServers.create("127.0.0.1", port, 2, 10, null, Duration.ofSeconds(30)))
                    .isInstanceOf(IOException.class)
                    .hasMessageStartingWith("--host/--port: cannot listen on 127.0.0.1:" + port + ": ");
        }
    }
}
