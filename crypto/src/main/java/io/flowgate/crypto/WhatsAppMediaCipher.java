package io.flowgate.crypto;

import io.flowgate.core.domain.EncryptionMetadata;
import io.flowgate.core.port.out.MediaCipher;
import io.flowgate.spi.MediaException;
import io.flowgate.spi.MediaException.Reason;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * WhatsApp's upload encryption (protocol.md 8.3): the CDN file is AES-256-CBC ciphertext (PKCS#7) followed by
 * the first 10 bytes of HMAC-SHA256(hmac_key, iv || ciphertext).
 *
 * <p>One pass over the encrypted bytes, through a few fixed buffers (memory does not grow with the file), in two
 * stages on two threads: the reading thread feeds each chunk to the file's SHA-256 and the HMAC, then hands it to
 * a decrypting thread, which writes the plaintext and feeds its SHA-256. The last 10 bytes seen are held back,
 * since only the end of the stream tells the trailer from the ciphertext. The checks are then judged in the documented order (encrypted hash, HMAC, padding, plaintext
 * hash), so a tampered file is reported as such whatever its padding; the plaintext written on the way is
 * deleted unless every check passed. Decrypting before the HMAC is known is safe here because nothing reads the
 * output before this method returns, and a padding failure is only reported once the HMAC has passed.
 */
public final class WhatsAppMediaCipher implements MediaCipher {

    static final int MAC_BYTES = 10;
    private static final int BLOCK = 16;

    private final Provider provider;

    /** With the JDK's own providers. */
    public WhatsAppMediaCipher() {
        this(null);
    }

    /**
     * @param provider the provider for AES-CBC, SHA-256 and HMAC-SHA256 (the native one decrypts about eight
     *                 times faster than the JDK's), or {@code null} for the JDK's; an algorithm the provider lacks
     *                 comes from the JDK
     */
    public WhatsAppMediaCipher(Provider provider) {
        this.provider = provider;
    }

    @Override
    public long decrypt(InputStream encrypted, EncryptionMetadata metadata, Path plaintextFile)
            throws IOException, MediaException {
        boolean verified = false;
        try {
            long size = decryptVerified(encrypted, metadata, plaintextFile);
            verified = true;
            return size;
        } finally {
            if (!verified) {
                try {
                    Files.deleteIfExists(plaintextFile);
                } catch (IOException ignored) {
                    // best effort; the caller's temporary folder is swept at startup
                }
            }
        }
    }

    private long decryptVerified(InputStream encrypted, EncryptionMetadata metadata, Path plaintextFile)
            throws IOException, MediaException {
        MessageDigest fileHash = digest();
        Mac mac = mac(metadata.hmacKey());
        mac.update(metadata.iv());
        var decryption = new Decryption(aes(metadata), digest(), output(plaintextFile), plaintextFile);
        var decrypting = new CompletableFuture<Decrypted>();
        // A thread of its own, not a FutureTask: a task cancelled before it starts would never close the file.
        Thread decrypter = Thread.ofVirtual().name("media-decrypt").start(() -> decryption.run(decrypting));
        try {
            byte[] held = new byte[MAC_BYTES]; // the last bytes seen, which may be the trailer
            int heldBytes = 0;
            long ciphertextBytes = 0;
            boolean end = false;
            while (!end) {
                byte[] chunk = decryption.freeChunk(decrypting);
                System.arraycopy(held, 0, chunk, 0, heldBytes);
                int filled = heldBytes;
                while (filled < chunk.length) {
                    int read = encrypted.read(chunk, filled, chunk.length - filled);
                    if (read < 0) {
                        end = true;
                        break;
                    }
                    filled += read;
                }
                int ciphertext = Math.max(0, filled - MAC_BYTES);
                fileHash.update(chunk, 0, ciphertext);
                mac.update(chunk, 0, ciphertext);
                heldBytes = filled - ciphertext;
                System.arraycopy(chunk, ciphertext, held, 0, heldBytes);
                decryption.decrypt(chunk, ciphertext);
                ciphertextBytes += ciphertext;
            }
            decryption.end();
            fileHash.update(held, 0, heldBytes);
            if (!MessageDigest.isEqual(fileHash.digest(), metadata.encryptedHash())) {
                throw new MediaException(Reason.ENCRYPTED_HASH_MISMATCH, "SHA-256 of the downloaded file is not encrypted_hash");
            }
            if (heldBytes < MAC_BYTES || ciphertextBytes < BLOCK || ciphertextBytes % BLOCK != 0) {
                throw new MediaException(Reason.HMAC_MISMATCH, "the file is " + (ciphertextBytes + heldBytes) + " bytes:"
                        + " not ciphertext blocks followed by a 10-byte HMAC");
            }
            byte[] expectedTrailer = Arrays.copyOf(mac.doFinal(), MAC_BYTES);
            if (!MessageDigest.isEqual(expectedTrailer, held)) {
                throw new MediaException(Reason.HMAC_MISMATCH, "the HMAC-SHA256 trailer does not match the ciphertext");
            }
            // Only now may the padding speak: a tampered file is reported by its HMAC, never by its padding.
            Decrypted decrypted = Decryption.outcome(decrypting);
            if (!MessageDigest.isEqual(decrypted.sha256(), metadata.plaintextHash())) {
                throw new MediaException(Reason.PLAINTEXT_HASH_MISMATCH, "SHA-256 of the decrypted file is not plaintext_hash");
            }
            return decrypted.size();
        } finally {
            if (!decrypting.isDone()) {
                decrypter.interrupt();
            }
            awaitEnd(decrypter);
        }
    }

    /**
     * Waits (uninterruptibly, at most 5 s; it was told to stop) until the decrypting thread has closed the plaintext
     * file, so that the caller can delete it.
     */
    private static void awaitEnd(Thread decrypter) {
        boolean interrupted = false;
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (decrypter.isAlive() && System.nanoTime() < until) {
            try {
                decrypter.join(java.time.Duration.ofNanos(Math.max(1, until - System.nanoTime())));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** A buffer on its way to the decrypting thread, and how much of it is ciphertext. */
    private record Chunk(byte[] bytes, int length) {
    }

    /** What the decrypting thread found: the plaintext's size and SHA-256. */
    private record Decrypted(long size, byte[] sha256) {
    }

    /**
     * The second stage of the pass, on its own thread: decryption, the plaintext's hash and the write, while the
     * download's thread reads the next chunk and hashes it twice (file and HMAC). The two stages cost about the
     * same, so on two cores the pass runs at nearly twice the speed of one thread doing all of it. Chunks travel
     * through a small fixed set of buffers: memory stays flat, and a slow disk slows the download down.
     */
    private static final class Decryption {
        private static final int CHUNKS = 4;
        private static final int CHUNK = 256 * 1024;
        private static final Chunk END = new Chunk(new byte[0], 0);

        private final Cipher aes;
        private final MessageDigest plaintextHash;
        private final OutputStream plaintext;
        private final Path file;
        private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(CHUNKS);
        private final BlockingQueue<Chunk> full = new ArrayBlockingQueue<>(CHUNKS + 1); // never full: CHUNKS + END

        Decryption(Cipher aes, MessageDigest plaintextHash, OutputStream plaintext, Path file) {
            this.aes = aes;
            this.plaintextHash = plaintextHash;
            this.plaintext = plaintext;
            this.file = file;
            for (int i = 0; i < CHUNKS; i++) {
                free.add(new byte[CHUNK]);
            }
        }

        /** A buffer to read into; fails with the decrypting thread's own failure if it stopped. */
        byte[] freeChunk(CompletableFuture<Decrypted> decrypting) throws MediaException, IOException {
            try {
                while (true) {
                    byte[] chunk = free.poll(50, TimeUnit.MILLISECONDS);
                    if (chunk != null) {
                        return chunk;
                    }
                    if (decrypting.isDone()) {
                        outcome(decrypting);
                        throw new IllegalStateException("the decrypting thread ended before the file did");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the file was decrypted");
            }
        }

        void decrypt(byte[] chunk, int length) throws IOException {
            try {
                full.put(new Chunk(chunk, length));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the file was decrypted");
            }
        }

        void end() throws IOException {
            try {
                full.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the file was decrypted");
            }
        }

        /** Runs on the decrypting thread; the plaintext file is closed on every way out. */
        void run(CompletableFuture<Decrypted> result) {
            try {
                result.complete(call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }

        private Decrypted call() throws MediaException, InterruptedException {
            try (OutputStream out = plaintext) {
                byte[] decrypted = new byte[CHUNK + 2 * BLOCK];
                long size = 0;
                while (true) {
                    Chunk chunk = full.take();
                    int plain = chunk == END ? aes.doFinal(decrypted, 0)
                            : aes.update(chunk.bytes(), 0, chunk.length(), decrypted, 0);
                    if (chunk != END) {
                        free.put(chunk.bytes());
                    }
                    plaintextHash.update(decrypted, 0, plain);
                    out.write(decrypted, 0, plain);
                    size += plain;
                    if (chunk == END) {
                        return new Decrypted(size, plaintextHash.digest());
                    }
                }
            } catch (BadPaddingException e) {
                throw new MediaException(Reason.BAD_PADDING, "the decrypted file ends in invalid PKCS#7 padding");
            } catch (ShortBufferException e) {
                throw new IllegalStateException("the output buffer is sized for a chunk and its block", e);
            } catch (GeneralSecurityException e) {
                throw new MediaException(Reason.BAD_PADDING, "the ciphertext does not decrypt (" + e.getClass().getSimpleName() + ")");
            } catch (IOException e) {
                throw new MediaException(Reason.STORAGE_FAILED, "cannot write the temporary file " + file.getFileName(), e);
            }
        }

        static Decrypted outcome(CompletableFuture<Decrypted> decrypting) throws MediaException, IOException {
            try {
                return decrypting.get();
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof MediaException media) {
                    throw media;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException("decryption failed", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the file was decrypted");
            }
        }
    }

    /** Failures to write the plaintext are the disk's, not the download's: STORAGE_FAILED. */
    private static OutputStream output(Path file) throws MediaException {
        try {
            return Files.newOutputStream(file);
        } catch (IOException e) {
            throw new MediaException(Reason.STORAGE_FAILED, "cannot write the temporary file " + file.getFileName(), e);
        }
    }



    private Cipher aes(EncryptionMetadata metadata) {
        try {
            Cipher aes = fromProvider(() -> Cipher.getInstance("AES/CBC/PKCS5Padding", provider),
                    () -> Cipher.getInstance("AES/CBC/PKCS5Padding"));
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(metadata.encryptionKey(), "AES"), new IvParameterSpec(metadata.iv()));
            return aes;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no AES-256-CBC", e);
        }
    }

    private MessageDigest digest() {
        try {
            return fromProvider(() -> MessageDigest.getInstance("SHA-256", provider), () -> MessageDigest.getInstance("SHA-256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no SHA-256", e);
        }
    }

    private Mac mac(byte[] key) {
        try {
            Mac mac = fromProvider(() -> Mac.getInstance("HmacSHA256", provider), () -> Mac.getInstance("HmacSHA256"));
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no HmacSHA256", e);
        }
    }

    private interface Lookup<T> {
        T get() throws GeneralSecurityException;
    }

    private <T> T fromProvider(Lookup<T> fromProvider, Lookup<T> fromJdk) throws GeneralSecurityException {
        if (provider != null) {
            try {
                return fromProvider.get();
            } catch (NoSuchAlgorithmException e) {
                // this provider lacks it: the JDK's
            }
        }
        return fromJdk.get();
    }
}
