package peerconnect.domain;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The node's Ed25519 key pair (RFC 8032, from {@code java.base}): it signs the node's discovery
 * messages, and its public key fixes the node's {@link PeerId}: the first 20 bytes of SHA-256 over
 * the raw 32-byte public key. Nobody can claim an id without the private key behind it, and the id
 * says nothing about host, MAC or IP.
 *
 * <p>Key file text ({@link #toKeyFileText()}, {@link #parse(CharSequence)}): two lines,
 * {@code ed25519-private <64 hex digits>} (the RFC 8032 private key, the 32-byte seed) and
 * {@code ed25519-public <64 hex digits>} (the raw public key). Java offers no way to derive the public
 * key from the seed, so both are kept; parsing checks that they belong together. {@link #toString()}
 * never shows the private key. Immutable and thread-safe.
 */
public final class NodeKey {
    /** Length of a raw Ed25519 public key, and of the private seed. */
    public static final int KEY_BYTES = 32;
    /** Length of an Ed25519 signature. */
    public static final int SIGNATURE_BYTES = 64;

    private static final String ALGORITHM = "Ed25519";
    private static final String PRIVATE_LABEL = "ed25519-private";
    private static final String PUBLIC_LABEL = "ed25519-public";
    // X.509 SubjectPublicKeyInfo of an Ed25519 key (RFC 8410): this fixed prefix, then the 32 raw bytes.
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final HexFormat HEX = HexFormat.of();

    private final PrivateKey privateKey;
    private final byte[] publicKey;
    private final PeerId peerId;

    private NodeKey(PrivateKey privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.peerId = peerIdOf(publicKey);
    }

    /** A fresh key pair from {@code random}, which must be a cryptographically strong generator. */
    public static NodeKey generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
            generator.initialize(NamedParameterSpec.ED25519, random);
            KeyPair pair = generator.generateKeyPair();
            return new NodeKey(pair.getPrivate(), raw(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519 (java.base has had it since 15)", e);
        }
    }

    /**
     * A key pair that is a pure function of {@code seed}, for simulations and tests that must be
     * reproducible: anyone who knows the seed has the private key, so a real node never uses one.
     */
    public static NodeKey forSimulation(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            // Seeded before its first use, SHA1PRNG yields the same bytes for the same seed on every run.
            random.setSeed(seed);
            return generate(random);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA1PRNG", e);
        }
    }

    /**
     * The key pair of a 32-byte private seed and its 32-byte raw public key.
     *
     * @throws InvalidNodeKeyException if either has the wrong length or they do not belong together
     */
    public static NodeKey of(byte[] privateSeed, byte[] publicKey) {
        if (privateSeed.length != KEY_BYTES || publicKey.length != KEY_BYTES) {
            throw new InvalidNodeKeyException("an Ed25519 key is " + KEY_BYTES + " bytes, got " + privateSeed.length
                    + " (private) and " + publicKey.length + " (public)");
        }
        PrivateKey privateKey;
        try {
            privateKey = KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, privateSeed.clone()));
        } catch (GeneralSecurityException e) {
            throw new InvalidNodeKeyException("the private key is not an Ed25519 key", e);
        }
        NodeKey key = new NodeKey(privateKey, publicKey.clone());
        // Signing with the private key and checking with the public one is the only pairing test java.base offers.
        byte[] probe = "peerconnect node key pairing probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (!verify(key.publicKey, probe, key.sign(probe))) {
            throw new InvalidNodeKeyException("the public key does not belong to the private key");
        }
        return key;
    }

    /**
     * The key pair written in {@code keyFileText}, the whole content of a key file.
     *
     * @throws InvalidNodeKeyException with a one-sentence reason if the text is not a key pair
     */
    public static NodeKey parse(CharSequence keyFileText) {
        String[] lines = keyFileText.toString().strip().split("\\R");
        if (lines.length != 2) {
            throw new InvalidNodeKeyException("a node key file holds two lines ('" + PRIVATE_LABEL + " <hex>' and '"
                    + PUBLIC_LABEL + " <hex>'), got " + lines.length);
        }
        return of(field(lines[0], PRIVATE_LABEL), field(lines[1], PUBLIC_LABEL));
    }

    /**
     * The peer id that belongs to the raw public key {@code publicKey}: the first 20 bytes of its SHA-256.
     *
     * @throws IllegalArgumentException if it is not {@value #KEY_BYTES} bytes long
     */
    public static PeerId peerIdOf(byte[] publicKey) {
        if (publicKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key is " + KEY_BYTES + " bytes, got "
                    + publicKey.length);
        }
        try {
            return PeerId.read(MessageDigest.getInstance("SHA-256").digest(publicKey), 0);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * Whether {@code signature} is the signature of {@code data} by the raw public key {@code publicKey}.
     * Total: a key that is no curve point, or a signature of the wrong length, is simply not valid.
     */
    public static boolean verify(byte[] publicKey, byte[] data, byte[] signature) {
        if (publicKey.length != KEY_BYTES || signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509(publicKey)));
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            // A malformed point or signature is a failed verification, whatever the provider throws for it.
            return false;
        }
    }

    /** The Ed25519 signature of {@code data}: 64 bytes (deterministic, RFC 8032). */
    public byte[] sign(byte[] data) {
        try {
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(privateKey);
            signer.update(data);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed with a valid key", e);
        }
    }

    /** The peer id derived from this key's public key. */
    public PeerId peerId() {
        return peerId;
    }

    /** A copy of the raw 32-byte public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The key file text: both keys in hex, one per line (see the class comment). */
    public String toKeyFileText() {
        byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new IllegalStateException("the private key cannot be exported"));
        return PRIVATE_LABEL + " " + HEX.formatHex(seed) + "\n" + PUBLIC_LABEL + " " + HEX.formatHex(publicKey) + "\n";
    }

    @Override
    public boolean equals(Object o) {
        // The public key determines the pair (of() checks the private key signs for it).
        return o instanceof NodeKey k && Arrays.equals(publicKey, k.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "NodeKey[peerId=" + peerId.shortHex() + ", public=" + HEX.formatHex(publicKey) + "]";
    }

    private static byte[] field(String line, String label) {
        String[] parts = line.strip().split("\\s+");
        if (parts.length != 2 || !parts[0].equals(label)) {
            throw new InvalidNodeKeyException("expected a line '" + label + " <" + 2 * KEY_BYTES + " hex digits>'");
        }
        String hex = parts[1];
        if (hex.length() != 2 * KEY_BYTES || !hex.chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0)) {
            throw new InvalidNodeKeyException("the " + label + " key is not " + 2 * KEY_BYTES + " hex digits");
        }
        return HEX.parseHex(hex);
    }

    private static byte[] raw(PublicKey key) {
        byte[] encoded = key.getEncoded();
        return Arrays.copyOfRange(encoded, encoded.length - KEY_BYTES, encoded.length);
    }

    private static byte[] x509(byte[] raw) {
        byte[] encoded = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + KEY_BYTES);
        System.arraycopy(raw, 0, encoded, X509_PREFIX.length, KEY_BYTES);
        return encoded;
    }
}
