package dev.relay.testkit.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away PKI for TLS tests: a CA, a server certificate for {@code localhost} and
 * {@code 127.0.0.1}, and a client certificate, all signed by the CA, written as PEM files (the
 * format the relay's {@code controlPlane.tls} settings take) and as PKCS#12 key stores.
 *
 * <p>Made with the JDK's own {@code keytool} (no Bouncy Castle, no internal JDK classes), so it
 * costs a few JVM starts: create one per test class.
 *
 * @param caCertPem the CA certificate (trust this to trust the server or the client)
 * @param serverCertPem the server certificate chain, leaf first
 * @param serverKeyPem the server's private key, unencrypted PKCS#8
 * @param clientCertPem the client certificate chain, leaf first
 * @param clientKeyPem the client's private key, unencrypted PKCS#8
 * @param serverKeyStore PKCS#12 with the server key and chain, password {@link #PASSWORD}
 * @param clientKeyStore PKCS#12 with the client key and chain, password {@link #PASSWORD}
 */
public record TestCertificates(
    Path caCertPem,
    Path serverCertPem,
    Path serverKeyPem,
    Path clientCertPem,
    Path clientKeyPem,
    Path serverKeyStore,
    Path clientKeyStore) {

  /** The password of every key store this class writes. Test material only. */
  public static final String PASSWORD = "relay-test";

  /** Creates the CA, server and client certificates in {@code dir} (created if missing). */
  public static TestCertificates generate(Path dir) {
    try {
      Files.createDirectories(dir);
      Path ca = dir.resolve("ca.p12");
      Path server = dir.resolve("server.p12");
      Path client = dir.resolve("client.p12");
      Path caPem = dir.resolve("ca.pem");
      genKeyPair(ca, "ca", "CN=Relay Test CA", "bc:c");
      keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
          "-file", caPem.toString());
      Path serverCert = issue(dir, ca, caPem, server, "server", "CN=localhost",
          "SAN=dns:localhost,ip:127.0.0.1", "EKU=serverAuth");
      Path clientCert = issue(dir, ca, caPem, client, "client", "CN=relay-test-client", null, "EKU=clientAuth");
      Path serverKey = writeKeyPem(server, "server", dir.resolve("server-key.pem"));
      Path clientKey = writeKeyPem(client, "client", dir.resolve("client-key.pem"));
      return new TestCertificates(caPem, serverCert, serverKey, clientCert, clientKey, server, client);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write test certificates to " + dir, e);
    }
  }

  /** Key managers serving the server certificate, e.g. for {@code ControlPlaneServer.Builder.tls}. */
  public KeyManagerFactory serverKeyManagers() {
    return keyManagers(serverKeyStore);
  }

  /** Key managers presenting the client certificate. */
  public KeyManagerFactory clientKeyManagers() {
    return keyManagers(clientKeyStore);
  }

  /** Trust managers trusting only the test CA. */
  public TrustManagerFactory trustManagers() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(caCertPem)) {
        trust.setCertificateEntry("ca",
            java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      return tmf;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load the test CA", e);
    }
  }

  private static KeyManagerFactory keyManagers(Path store) {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASSWORD.toCharArray());
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD.toCharArray());
      return kmf;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot load test key store " + store.getFileName(), e);
    }
  }

  private static void genKeyPair(Path store, String alias, String dname, String ext) throws IOException {
    keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", dname, "-ext", ext, "-validity", "30", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", PASSWORD);
  }

  private static Path issue(Path dir, Path ca, Path caPem, Path store, String alias, String dname,
      String san, String eku) throws IOException {
    keytool("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", dname, "-validity", "30", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", PASSWORD);
    Path csr = dir.resolve(alias + ".csr");
    Path pem = dir.resolve(alias + ".pem");
    keytool("-certreq", "-alias", alias, "-keystore", store.toString(), "-storepass", PASSWORD,
        "-file", csr.toString());
    List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca",
        "-keystore", ca.toString(), "-storepass", PASSWORD, "-infile", csr.toString(),
        "-outfile", pem.toString(), "-validity", "30", "-ext", eku));
    if (san != null) {
      gencert.add("-ext");
      gencert.add(san);
    }
    keytool(gencert.toArray(String[]::new));
    // The chain file: leaf then CA, which is also what importcert wants to replace the self-signed entry.
    Files.writeString(pem, Files.readString(pem) + Files.readString(caPem));
    keytool("-importcert", "-noprompt", "-alias", alias, "-keystore", store.toString(),
        "-storepass", PASSWORD, "-file", pem.toString());
    Files.delete(csr);
    return pem;
  }

  private static Path writeKeyPem(Path store, String alias, Path out) throws IOException {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASSWORD.toCharArray());
      PrivateKey key = (PrivateKey) ks.getKey(alias, PASSWORD.toCharArray());
      String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
          .encodeToString(key.getEncoded());
      Files.writeString(out, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the " + alias + " key back", e);
    }
  }

  private static void keytool(String... args) throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin",
        System.getProperty("os.name").startsWith("Windows") ? "keytool.exe" : "keytool");
    List<String> command = new ArrayList<>();
    command.add(keytool.toString());
    // keytool is a short-lived JVM: skip the optimising compiler and the parallel collector.
    command.addAll(List.of("-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC", "-J-Xshare:auto"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException("keytool " + args[0] + " failed: " + output.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted running keytool " + args[0], e);
    }
  }
}
