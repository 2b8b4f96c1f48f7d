package io.peercart.server;

import io.helidon.common.configurable.Resource;
import io.helidon.common.pki.Keys;
import io.helidon.common.tls.Tls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Turns the operator's PEM files into the web server's TLS setting, or refuses them with one
 * sentence that names the file and what is wrong with it, before the node opens its storage: a
 * missing or unreadable file, no certificate or no private key in it, or a key that does not
 * belong to the certificate (found at start, not by the first client's failed handshake).
 */
final class ServerTls {
    private static final byte[] PROBE = "peercart: does this key sign for this certificate?".getBytes(StandardCharsets.US_ASCII);

    /** Files that cannot serve TLS; the message is meant for the operator as is. */
    static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message, null);
        }
    }

    private ServerTls() {}

    static Tls load(ServerConfig.TlsFiles files) {
        readable(files.certificate(), "--tls-cert");
        readable(files.privateKey(), "--tls-key");
        List<X509Certificate> chain;
        try {
            chain = Keys.builder().pem(p -> p.certChain(Resource.create(files.certificate()))).build().certChain();
        } catch (RuntimeException e) {
            throw new Invalid("--tls-cert " + files.certificate() + ": no PEM certificate chain in it (" + reason(e) + ")");
        }
        if (chain.isEmpty()) throw new Invalid("--tls-cert " + files.certificate() + ": no PEM certificate (-----BEGIN CERTIFICATE-----) in it");
        PrivateKey key;
        try {
            key = Keys.builder().pem(p -> p.key(Resource.create(files.privateKey()))).build().privateKey()
                    .orElseThrow(() -> new Invalid("no private key found"));
        } catch (RuntimeException e) {
            throw new Invalid("--tls-key " + files.privateKey() + ": not an unencrypted PEM private key in PKCS#8 or RSA PKCS#1 (" + reason(e)
                    + "); an EC or encrypted key converts with: openssl pkcs8 -topk8 -nocrypt -in KEY -out key.pem");
        }
        X509Certificate leaf = chain.getFirst();
        if (!signsFor(key, leaf))
            throw new Invalid("--tls-key " + files.privateKey() + " is not the private key of the certificate in --tls-cert " + files.certificate()
                    + " (" + leaf.getSubjectX500Principal().getName() + ")");
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            // served anyway (an operator may be replacing it right now), but said loudly
            System.err.println("warning: the certificate in " + files.certificate() + " is valid only from " + leaf.getNotBefore().toInstant()
                    + " to " + leaf.getNotAfter().toInstant() + "; clients will refuse it");
        }
        return Tls.builder().privateKey(key).privateKeyCertChain(chain).build();
    }

    private static void readable(Path file, String option) {
        if (!Files.isRegularFile(file)) throw new Invalid(option + " " + file + ": no such file");
        if (!Files.isReadable(file)) throw new Invalid(option + " " + file + ": not readable by this user");
    }

    /** Signs a probe with the key and checks it with the certificate's public key (RSA, EC or EdDSA). */
    private static boolean signsFor(PrivateKey key, X509Certificate cert) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null) return key.getAlgorithm().equals(cert.getPublicKey().getAlgorithm()); // no probe for it: the kinds must match
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (java.security.GeneralSecurityException e) {
            return false; // e.g. an RSA key with an EC certificate
        }
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    }
}
