package org.xwebpreferences.soap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/**
 * The address the WSDL and DISCO name when the request's Host cannot be used
 * (HTTP/1.0 without one, or one that is not a host): the address the request
 * came in on, written so that a client can call it.
 */
class ClientAddressTest {

    @Test
    void anIpv6AddressIsWrittenInBrackets() throws Exception {
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByAddress(
                new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}), 8080);

        assertThat(ClientAddress.authority(local)).isEqualTo("[0:0:0:0:0:0:0:1]:8080");
    }

    @Test
    void anIpv6ZoneHasItsPercentSignEscaped() throws Exception {
        InetSocketAddress local = new InetSocketAddress(Inet6Address.getByAddress(null,
                new byte[] {(byte) 0xfe, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 2), 8443);

        assertThat(ClientAddress.authority(local)).isEqualTo("[fe80:0:0:0:0:0:0:1%252]:8443");
    }

    @Test
    void anIpv4AddressIsWrittenAsItIs() throws Exception {
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 8080);

        assertThat(ClientAddress.authority(local)).isEqualTo("127.0.0.1:8080");
    }
}
