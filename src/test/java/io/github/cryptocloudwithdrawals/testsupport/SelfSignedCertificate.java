package io.github.cryptocloudwithdrawals.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for a local HTTPS server, made the way an operator makes a trust store
 * for a corporate CA: with the JDK's own {@code keytool} (from {@code java.home}).
 *
 * @param keyStore   the server's key store (PKCS12): its private key and certificate
 * @param trustStore a trust store (PKCS12) holding only the certificate, for a client to trust it
 * @param password   the password of both stores
 */
public record SelfSignedCertificate(Path keyStore, Path trustStore, String password) {

    /**
     * Makes the two stores in {@code directory}.
     *
     * @param subjectAlternativeName the names the certificate is valid for, in keytool's form,
     *                               e.g. {@code ip:127.0.0.1}
     */
    public static SelfSignedCertificate create(Path directory, String subjectAlternativeName) {
        String password = "pw-" + UUID.randomUUID();
        Path keyStore = directory.resolve("server.p12");
        Path certificate = directory.resolve("server.crt");
        Path trustStore = directory.resolve("truststore.p12");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=local CryptoCloud sandbox", "-ext", "SAN=" + subjectAlternativeName, "-validity", "2",
                "-keystore", keyStore.toString(), "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
        keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keyStore.toString(), "-storepass", password,
                "-file", certificate.toString());
        keytool("-importcert", "-noprompt", "-alias", "local-sandbox", "-file", certificate.toString(),
                "-keystore", trustStore.toString(), "-storetype", "PKCS12", "-storepass", password);
        return new SelfSignedCertificate(keyStore, trustStore, password);
    }

    /** A client context that trusts this certificate and nothing else. */
    public SSLContext trustingClientContext() {
        try {
            KeyStore trusted = KeyStore.getInstance(trustStore.toFile(), password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keytool(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool " + arguments[0] + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
