package org.xwebpreferences.http;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import javax.crypto.BadPaddingException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xwebpreferences.core.Texts;

/** HTTPS from a PKCS#12 keystore holding the server's key and certificate chain. */
public record TlsSettings(Path keystore, String password) {

    private static final Logger LOG = LoggerFactory.getLogger(TlsSettings.class);

    /**
     * The context's protocols and cipher suites, narrowed to TLS 1.2 and 1.3
     * with forward secrecy and authenticated encryption (ECDHE or DHE key
     * exchange; GCM or ChaCha20-Poly1305), as Mozilla's "intermediate"
     * configuration: the JDK also offers RSA key exchange and CBC suites with
     * SHA-1, which the security audit could negotiate.
     */
    public static HttpsConfigurator configurator(SSLContext context) {
        String[] protocols = {"TLSv1.3", "TLSv1.2"};
        String[] suites = Arrays.stream(context.getDefaultSSLParameters().getCipherSuites())
                .filter(TlsSettings::isStrong).toArray(String[]::new);
        return new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters narrowed = context.getDefaultSSLParameters(); // a copy for each connection
                narrowed.setProtocols(protocols);
                narrowed.setCipherSuites(suites);
                parameters.setSSLParameters(narrowed);
            }
        };
    }

    static boolean isStrong(String suite) {
        boolean tls13 = suite.startsWith("TLS_AES_") || suite.startsWith("TLS_CHACHA20_");
        boolean forwardSecret = suite.startsWith("TLS_ECDHE_") || suite.startsWith("TLS_DHE_");
        boolean aead = suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_");
        return tls13 || forwardSecret && aead;
    }

    /** The TLS context, or an error that names --tls-keystore and what is wrong with it. */
    public SSLContext sslContext() {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        KeyStore store;
        try (InputStream in = Files.newInputStream(keystore)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
        } catch (IOException | GeneralSecurityException e) {
            throw refused(reason(e));
        }
        try {
            // Without a key the server would start, say it listens, and fail every handshake unlogged.
            String alias = keyAlias(store);
            if (alias == null) {
                throw refused("it holds no private key, only certificates or secret keys: import the server's key"
                        + " and certificate chain (openssl pkcs12 -export -inkey KEY -in CHAIN)");
            }
            warnIfExpired(store.getCertificate(alias));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw refused(reason(e));
        }
    }

    private static String keyAlias(KeyStore store) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            // A secret (symmetric) key is a key entry too, and no use to a TLS server.
            if (store.entryInstanceOf(alias, KeyStore.PrivateKeyEntry.class)) {
                return alias;
            }
        }
        return null;
    }

    private void warnIfExpired(Certificate certificate) {
        if (certificate instanceof X509Certificate x509 && x509.getNotAfter().before(new Date())) {
            LOG.warn("--tls-keystore: the certificate in {} expired on {}: clients will refuse it", keystore,
                    x509.getNotAfter().toInstant());
        }
    }

    /**
     * The reason in an operator's words, without the JDK's exception as cause:
     * the command line would append its text ("javax.crypto.BadPaddingException:
     * Given final block not properly padded ...", operations audit).
     */
    private IllegalArgumentException refused(String reason) {
        return new IllegalArgumentException("--tls-keystore: cannot use " + keystore + " as a PKCS#12 keystore"
                + (password == null ? " with no password (XWEB_TLS_KEYSTORE_PASSWORD is not set)"
                        : " with the password from XWEB_TLS_KEYSTORE_PASSWORD") + ": " + reason);
    }

    /** What went wrong in an operator's words, not the JDK's exception text. */
    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnrecoverableKeyException || cause instanceof BadPaddingException) {
                return "the password is wrong (or the file is not a keystore)";
            }
        }
        if (e instanceof IOException) {
            return "it is not a PKCS#12 keystore (a PEM certificate and key become one with 'openssl pkcs12"
                    + " -export', docs/OPERATIONS.md)";
        }
        return e.getMessage();
    }

    @Override
    public String toString() {
        return "tls-keystore=" + keystore + ", " + Texts.maskedField("tls-keystore-password", password);
    }
}
