package dev.relay.audit.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** Ed25519 keys in PEM (PKCS#8 private, X.509 SubjectPublicKeyInfo public), with the JDK's provider. */
public final class Ed25519 {

    public static final String ALGORITHM = "Ed25519";

    private Ed25519() {
    }

    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
            g.initialize(NamedParameterSpec.ED25519, random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** Reads a PKCS#8 PEM private key and derives its public half. */
    public static KeyPair privateKeyFromPem(String pem) throws GeneralSecurityException {
        byte[] der = pemBody(pem, "PRIVATE KEY");
        PrivateKey priv = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
        if (!(priv instanceof EdECPrivateKey)) {
            throw new InvalidKeyException("not an Ed25519 private key");
        }
        byte[] seed = ((EdECPrivateKey) priv).getBytes()
                .orElseThrow(() -> new InvalidKeyException("the private key's bytes are not available"));
        // The JDK 17 API has no "public key of this private key"; its key pair generator makes the
        // private key from 32 random bytes, so feeding it the seed yields the same pair.
        KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
        g.initialize(NamedParameterSpec.ED25519, new FixedBytes(seed));
        KeyPair derived = g.generateKeyPair();
        byte[] probe = "relay-audit key check".getBytes(StandardCharsets.US_ASCII);
        if (!verify(derived.getPublic(), probe, sign(priv, probe))) {
            throw new InvalidKeyException("could not derive the public key of the private key");
        }
        return new KeyPair(derived.getPublic(), priv);
    }

    public static KeyPair privateKeyFromFile(Path pemFile) throws IOException, GeneralSecurityException {
        return privateKeyFromPem(Files.readString(pemFile, StandardCharsets.US_ASCII));
    }

    public static PublicKey publicKeyFromPem(String pem) throws GeneralSecurityException {
        return publicKeyFromDer(pemBody(pem, "PUBLIC KEY"));
    }

    public static PublicKey publicKeyFromDer(byte[] der) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der));
    }

    public static String toPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    public static String toPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** First 16 hex digits of the SHA-256 of the public key's SubjectPublicKeyInfo DER. */
    public static String keyId(PublicKey key) {
        return JsonText.hex(Sha256.digest(key.getEncoded())).substring(0, 16);
    }

    public static byte[] sign(PrivateKey key, byte[] data) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public static boolean verify(PublicKey key, byte[] data, byte[] sig) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            s.update(data);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] pemBody(String pem, String type) throws InvalidKeyException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int b = pem.indexOf(begin);
        int e = pem.indexOf(end);
        if (b < 0 || e < b) {
            throw new InvalidKeyException("not a PEM " + type + " (expected " + begin + ")");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new InvalidKeyException("the PEM body is not base64");
        }
    }

    /** Hands out fixed bytes; used only to rebuild a key pair from its private seed. */
    private static final class FixedBytes extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient byte[] bytes;

        FixedBytes(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            if (out.length != bytes.length) {
                throw new IllegalStateException("unexpected request for " + out.length + " bytes");
            }
            System.arraycopy(bytes, 0, out, 0, out.length);
        }
    }
}
