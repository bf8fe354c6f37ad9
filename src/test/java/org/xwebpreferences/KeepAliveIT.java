package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.support.ServerProcess;

/**
 * Idle keep-alive connections, as a .NET Framework client pools them: it
 * sends the next POST on a connection idle for up to 100 s, and fails if the
 * server closed it meanwhile. The JDK's server closed them after 30-40 s.
 */
class KeepAliveIT {

    @TempDir
    Path dataDir;

    @Test
    void aConnectionIdleForAMinuteIsStillServed() throws Exception {
        try (ServerProcess server = ServerProcess.start(dataDir)) {
            URI uri = URI.create(server.address());
            String request = "GET " + uri.getRawPath() + "?wsdl HTTP/1.1\r\nHost: " + uri.getRawAuthority() + "\r\n\r\n";
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                assertThat(readAnswer(socket.getInputStream())).startsWith("HTTP/1.1 200");

                Thread.sleep(60_000);

                socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
                assertThat(readAnswer(socket.getInputStream())).as("the same connection, a minute later")
                        .startsWith("HTTP/1.1 200");
            }
        }
    }

    /** One answer with a Content-Length, read to its end and no further; "" if the server closed the connection. */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
            head.write(b);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : text.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        assertThat(in.readNBytes(length)).hasSize(length);
        return text;
    }
}
