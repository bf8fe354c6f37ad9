package org.xwebpreferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xwebpreferences.http.TlsSettings;
import org.xwebpreferences.support.Envelopes;
import org.xwebpreferences.support.SoapClient;
import org.xwebpreferences.support.TestServer;

/** HTTPS with a PKCS#12 keystore made by the test: SOAP works over it and the WSDL's address says https. */
class TlsIT {

    private static final String PASSWORD = "keystore-secret";

    @TempDir
    Path dir;

    @Test
    void servesHttpsWithTheKeystoreAndTheWsdlSaysHttps() throws Exception {
        Path keystore = makeKeystore();
        DatabaseSettings database = new DatabaseSettings(dir.resolve("data"), null, null, null, 4);
        try (TestServer server = TestServer.start(database, Duration.ofMinutes(30), false,
                new TlsSettings(keystore, PASSWORD))) {
            assertThat(server.address()).startsWith("https://");
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(keystore)).build();

            HttpResponse<String> wsdl = trusting.send(HttpRequest.newBuilder(URI.create(server.address() + "?wsdl"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(wsdl.statusCode()).isEqualTo(200);
            assertThat(wsdl.body()).contains("location=\"" + server.address() + "\"");

            HttpResponse<String> login = trusting.send(HttpRequest.newBuilder(URI.create(server.address()))
                    .header("Content-Type", SoapClient.SOAP11)
                    .POST(HttpRequest.BodyPublishers.ofString(SoapClient.envelope(null,
                            Envelopes.authenticate(TestServer.USER, TestServer.PASSWORD)))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(login.body()).contains("<AuthenticateResult>");

            HttpClient untrusting = HttpClient.newHttpClient();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(
                    URI.create(server.baseAddress() + "/health/live")).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    /**
     * Only suites with forward secrecy and authenticated encryption: the JDK's
     * defaults also let a client agree on RSA key exchange and CBC with SHA-1
     * (security audit). TLS 1.2 and 1.3 work.
     */
    @Test
    void onlyForwardSecretAuthenticatedSuitesAndTls12OrLaterAreAgreed() throws Exception {
        Path keystore = dir.resolve("rsa.p12");
        keytool("-genkeypair", "-alias", "xweb", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        DatabaseSettings database = new DatabaseSettings(dir.resolve("data"), null, null, null, 4);
        try (TestServer server = TestServer.start(database, Duration.ofMinutes(30), false,
                new TlsSettings(keystore, PASSWORD))) {
            URI address = URI.create(server.baseAddress());
            SSLContext trusting = trusting(keystore);

            assertThat(handshake(trusting, address, "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
                    .isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
            assertThat(handshake(trusting, address, "TLSv1.3", "TLS_AES_256_GCM_SHA384"))
                    .isEqualTo("TLS_AES_256_GCM_SHA384");
            for (String weak : List.of("TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_GCM_SHA384",
                    "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")) {
                assertThatThrownBy(() -> handshake(trusting, address, "TLSv1.2", weak)).as(weak)
                        .isInstanceOf(SSLHandshakeException.class);
            }
        }
    }

    /** The suite a handshake with only this protocol and suite agreed on. */
    private static String handshake(SSLContext context, URI address, String protocol, String suite)
            throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(address.getHost(),
                address.getPort())) {
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setEnabledCipherSuites(new String[] {suite});
            socket.startHandshake();
            return socket.getSession().getCipherSuite();
        }
    }

    @Test
    void aKeystoreThatCannotBeOpenedStopsTheStartNamingTheOption() {
        DatabaseSettings database = new DatabaseSettings(dir.resolve("data"), null, null, null, 4);
        assertThatThrownBy(() -> TestServer.start(database, Duration.ofMinutes(30),
                false, new TlsSettings(dir.resolve("missing.p12"), PASSWORD)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--tls-keystore: cannot use " + dir.resolve("missing.p12"));
    }

    @Test
    void aKeystoreWhosePasswordIsNotSetSaysSo() throws Exception {
        Path keystore = makeKeystore();

        assertThatThrownBy(() -> new TlsSettings(keystore, null).sslContext())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--tls-keystore: cannot use " + keystore
                        + " as a PKCS#12 keystore with no password (XWEB_TLS_KEYSTORE_PASSWORD is not set): ");
        assertThatThrownBy(() -> new TlsSettings(keystore, "not-" + PASSWORD).sslContext())
                .hasMessageStartingWith("--tls-keystore: cannot use " + keystore
                        + " as a PKCS#12 keystore with the password from XWEB_TLS_KEYSTORE_PASSWORD: ")
                .hasMessageNotContaining("not-" + PASSWORD)
                .hasMessageEndingWith(": the password is wrong (or the file is not a keystore)")
                .hasNoCause(); // the command line would append the JDK's "BadPaddingException: Given final block ..."
        Path pem = Files.writeString(dir.resolve("server.pem"), "-----BEGIN CERTIFICATE-----\n");
        assertThatThrownBy(() -> new TlsSettings(pem, PASSWORD).sslContext())
                .hasMessageEndingWith(": it is not a PKCS#12 keystore (a PEM certificate and key become one with"
                        + " 'openssl pkcs12 -export', docs/OPERATIONS.md)")
                .hasNoCause();
    }

    /** Such a server would say it listens and then fail every handshake, logging nothing. */
    @Test
    void aKeystoreWithACertificateButNoKeyStopsTheStart() throws Exception {
        Path withKey = makeKeystore();
        Path certificate = dir.resolve("server.cer");
        Path certificateOnly = dir.resolve("certificate-only.p12");
        keytool("-exportcert", "-alias", "xweb", "-keystore", withKey.toString(), "-storepass", PASSWORD,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", certificate.toString(), "-storetype", "PKCS12",
                "-keystore", certificateOnly.toString(), "-storepass", PASSWORD);

        assertThatThrownBy(() -> new TlsSettings(certificateOnly, PASSWORD).sslContext())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--tls-keystore: cannot use " + certificateOnly)
                .hasMessageContaining("it holds no private key, only certificates");
        Path secretKeyOnly = dir.resolve("secret-key-only.p12");
        keytool("-genseckey", "-alias", "aes", "-keyalg", "AES", "-keysize", "128", "-storetype", "PKCS12",
                "-keystore", secretKeyOnly.toString(), "-storepass", PASSWORD);
        assertThatThrownBy(() -> new TlsSettings(secretKeyOnly, PASSWORD).sslContext())
                .as("a secret key is a key entry too").hasMessageContaining("it holds no private key");
        assertThatThrownBy(() -> new TlsSettings(dir.resolve("missing.p12"), PASSWORD).sslContext())
                .hasMessageEndingWith(": no such file");
        assertThatThrownBy(() -> new TlsSettings(withKey, "not-" + PASSWORD).sslContext())
                .hasMessageEndingWith(": the password is wrong (or the file is not a keystore)");
    }

    /** A self-signed key pair for 127.0.0.1, made with the JDK's keytool. */
    private Path makeKeystore() throws Exception {
        Path keystore = dir.resolve("server-" + UUID.randomUUID() + ".p12");
        keytool("-genkeypair", "-alias", "xweb", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        return keystore;
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
