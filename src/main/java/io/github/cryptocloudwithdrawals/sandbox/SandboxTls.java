package io.github.cryptocloudwithdrawals.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The sandbox's HTTPS: the certificate and private key it presents, from a key store file.
 *
 * @param keyStore a PKCS12 or JKS file holding one private key entry
 * @param password the key store's password, also the key's
 */
public record SandboxTls(Path keyStore, String password) {

    public SandboxTls {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(password, "password");
    }

    SSLContext sslContext() {
        char[] secret = password.toCharArray();
        try {
            KeyStore store = KeyStore.getInstance(keyStore.toFile(), secret);
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, secret);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the key store " + keyStore, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Could not use the key store " + keyStore + ": " + e.getMessage(), e);
        }
    }

    /** Never shows the password. */
    @Override
    public String toString() {
        return "SandboxTls[keyStore=" + keyStore + "]";
    }
}
