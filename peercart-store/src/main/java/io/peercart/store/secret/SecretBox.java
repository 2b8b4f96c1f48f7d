package io.peercart.store.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the secrets the database keeps (webhook signing secrets, buyer-token signing secrets,
 * idempotent answers that carry keys), so that a copy of the database alone does not reveal
 * them: AES-256-GCM with a fresh 96-bit nonce per value, stored as
 * {@code enc1:<key id>:<base64(nonce | ciphertext | tag)>}. The key id (a hash of the key, not the
 * key) says which key sealed a value, so a key being rotated out ({@code previous}) still opens
 * what it sealed. A value without the prefix is one written before encryption existed and is
 * returned as it is. Immutable and thread-safe.
 */
public final class SecretBox {
    static final String PREFIX = "enc1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** The least a key text may carry: 32 characters (a random base64 key of 32 bytes has 44). */
    public static final int MIN_KEY_CHARS = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String keyId;
    private final SecretKeySpec previous; // null without a key being rotated out
    private final String previousId;

    /** Thrown when a stored value was sealed with a key this node does not have, or was altered. */
    public static final class CannotOpen extends IllegalStateException {
        CannotOpen(String message) { super(message); }
    }

    /** @param keyText the current key; @param previousText a key being rotated out, or null */
    public SecretBox(String keyText, String previousText) {
        this.key = aes(keyText);
        this.keyId = id(key);
        this.previous = previousText == null ? null : aes(previousText);
        this.previousId = previous == null ? null : id(previous);
    }

    /** A new random key as text (what {@code <data>/secret-key} holds). */
    public static String newKeyText() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    public String keyId() { return keyId; }

    /** True when {@code id} is the current key's or the previous key's. */
    public boolean knows(String id) { return id.equals(keyId) || id.equals(previousId); }

    /** The sealed form of {@code plain}; null stays null. */
    public String seal(String plain) {
        if (plain == null) return null;
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The plain value: sealed ones opened, ones written before encryption as they are; null stays null. */
    public String open(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) return stored;
        int colon = stored.indexOf(':', PREFIX.length());
        if (colon < 0) throw new CannotOpen("a sealed value without a key id");
        String id = stored.substring(PREFIX.length(), colon);
        SecretKeySpec k = id.equals(keyId) ? key : id.equals(previousId) ? previous : null;
        if (k == null) throw new CannotOpen("a value sealed with key id " + id + ", which this node does not have (its key id is " + keyId
                + "; see docs/security.md)");
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            return new String(c.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new CannotOpen("a sealed value with key id " + id + " does not open (altered, or a different key with the same id)");
        }
    }

    /** True when {@code stored} is sealed with the current key (nothing to do at a rotation). */
    public boolean current(String stored) {
        return stored == null || stored.startsWith(PREFIX + keyId + ":");
    }

    /** The AES-256 key of a key text: SHA-256 of it, so any long random text serves. */
    private static SecretKeySpec aes(String text) {
        if (text == null || text.strip().length() < MIN_KEY_CHARS)
            throw new IllegalArgumentException("a secret key needs at least " + MIN_KEY_CHARS + " characters (e.g. openssl rand -base64 32)");
        return new SecretKeySpec(sha256(("peercart-secret-key:" + text.strip()).getBytes(StandardCharsets.UTF_8)), "AES");
    }

    private static String id(SecretKeySpec k) {
        byte[] material = k.getEncoded();
        byte[] in = new byte[material.length + 1];
        System.arraycopy(material, 0, in, 1, material.length);
        in[0] = 'i'; // a different input than the key derivation: the id says nothing about the key
        return HexFormat.of().formatHex(sha256(in), 0, 8);
    }

    private static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
