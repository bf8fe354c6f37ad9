package org.xwebpreferences.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.xwebpreferences.core.Texts;

/** HTTPS from a PKCS#12 keystore holding the server's key and certificate chain. */
public record TlsSettings(Path keystore, String password) {

    /** The TLS context, or an error that names --tls-keystore and what is wrong with it. */
    public SSLContext sslContext() {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, secret);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("--tls-keystore: cannot use " + keystore + " as a PKCS#12 keystore"
                    + (password == null ? " with no password (XWEB_TLS_KEYSTORE_PASSWORD is not set)"
                            : " with the password from XWEB_TLS_KEYSTORE_PASSWORD") + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "tls-keystore=" + keystore + ", " + Texts.maskedField("tls-keystore-password", password);
    }
}
