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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WhatsApp's upload encryption (protocol.md 8.3): the CDN file is AES-256-CBC ciphertext (PKCS#7) followed by
 * the first 10 bytes of HMAC-SHA256(hmac_key, iv || ciphertext).
 *
 * <p>One pass over the encrypted bytes, through a few fixed buffers (memory does not grow with the file), in
 * three stages on three threads: the reading thread (the download's) fills each chunk and hands the same chunk
 * to a hashing thread (the file's SHA-256 and the HMAC) and to a decrypting thread (AES-CBC, the plaintext's
 * SHA-256 and its write), which work on it at the same time; the chunk is read into again once both are done
 * with it. The last 10 bytes seen are held back, since only the end of the stream tells the trailer from the
 * ciphertext. The checks are then judged in the documented order (encrypted hash, HMAC, padding, plaintext
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
        Mac mac = mac(metadata.hmacKey());
        mac.update(metadata.iv());
        var chunks = new Chunks();
        Stage<Hashes> hashing = new Stage<>("media-hash", chunks, new Hashing(digest(), mac));
        Stage<Decrypted> decrypting;
        try {
            decrypting = new Stage<>("media-decrypt", chunks,
                    new Decryption(aes(metadata), digest(), output(plaintextFile), plaintextFile));
        } catch (MediaException | RuntimeException e) {
            hashing.stop();
            throw e;
        }
        try {
            byte[] held = new byte[MAC_BYTES]; // the last bytes seen, which may be the trailer
            int heldBytes = 0;
            long ciphertextBytes = 0;
            boolean end = false;
            while (!end) {
                byte[] buffer = chunks.free(hashing, decrypting);
                System.arraycopy(held, 0, buffer, 0, heldBytes);
                int filled = heldBytes;
                while (filled < buffer.length) {
                    int read = encrypted.read(buffer, filled, buffer.length - filled);
                    if (read < 0) {
                        end = true;
                        break;
                    }
                    filled += read;
                }
                int ciphertext = Math.max(0, filled - MAC_BYTES);
                heldBytes = filled - ciphertext;
                System.arraycopy(buffer, ciphertext, held, 0, heldBytes);
                var chunk = new SharedChunk(buffer, ciphertext);
                hashing.take(chunk);
                decrypting.take(chunk);
                ciphertextBytes += ciphertext;
            }
            hashing.end(Arrays.copyOf(held, heldBytes));
            decrypting.end(new byte[0]);
            Hashes hashes = hashing.outcome();
            if (!MessageDigest.isEqual(hashes.file(), metadata.encryptedHash())) {
                throw new MediaException(Reason.ENCRYPTED_HASH_MISMATCH, "SHA-256 of the downloaded file is not encrypted_hash");
            }
            if (heldBytes < MAC_BYTES || ciphertextBytes < BLOCK || ciphertextBytes % BLOCK != 0) {
                throw new MediaException(Reason.HMAC_MISMATCH, "the file is " + (ciphertextBytes + heldBytes) + " bytes:"
                        + " not ciphertext blocks followed by a 10-byte HMAC");
            }
            byte[] expectedTrailer = Arrays.copyOf(hashes.mac(), MAC_BYTES);
            if (!MessageDigest.isEqual(expectedTrailer, held)) {
                throw new MediaException(Reason.HMAC_MISMATCH, "the HMAC-SHA256 trailer does not match the ciphertext");
            }
            // Only now may the padding speak: a tampered file is reported by its HMAC, never by its padding.
            Decrypted decrypted = decrypting.outcome();
            if (!MessageDigest.isEqual(decrypted.sha256(), metadata.plaintextHash())) {
                throw new MediaException(Reason.PLAINTEXT_HASH_MISMATCH, "SHA-256 of the decrypted file is not plaintext_hash");
            }
            return decrypted.size();
        } finally {
            hashing.stop();
            decrypting.stop();
        }
    }

    /** What the hashing thread found: the SHA-256 of the whole file and the full HMAC of iv || ciphertext. */
    private record Hashes(byte[] file, byte[] mac) {
    }

    /** What the decrypting thread found: the plaintext's size and SHA-256. */
    private record Decrypted(long size, byte[] sha256) {
    }

    /**
     * A buffer of ciphertext on its way to both stages; the second stage to finish with it gives it back to be
     * read into again.
     */
    private static final class SharedChunk {
        private final byte[] bytes;
        private final int length;
        private final AtomicInteger users = new AtomicInteger(2);

        SharedChunk(byte[] bytes, int length) {
            this.bytes = bytes;
            this.length = length;
        }
    }

    /**
     * The fixed set of buffers the pass reads into: memory stays flat, and a slow disk or a slow hash slows the
     * download down instead of queueing the file in memory.
     */
    private static final class Chunks {
        private static final int COUNT = 6;
        private static final int SIZE = 256 * 1024;

        private final BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(COUNT);

        Chunks() {
            for (int i = 0; i < COUNT; i++) {
                free.add(new byte[SIZE]);
            }
        }

        /** A buffer to read into; fails with a stage's own failure as soon as one stopped. */
        byte[] free(Stage<?>... stages) throws MediaException, IOException {
            try {
                while (true) {
                    byte[] buffer = free.poll(50, TimeUnit.MILLISECONDS);
                    for (Stage<?> stage : stages) {
                        stage.throwIfFailed();
                    }
                    if (buffer != null) {
                        return buffer;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the file was decrypted");
            }
        }

        void release(SharedChunk chunk) {
            if (chunk.users.decrementAndGet() == 0) {
                free.add(chunk.bytes);
            }
        }
    }

    /** What one stage does with each chunk, and at the end. */
    private interface Work<R> extends AutoCloseable {

        void accept(byte[] bytes, int length) throws MediaException, IOException, GeneralSecurityException;

        /** @param tail bytes after the last chunk that this stage must see (the held-back trailer, for the file's hash) */
        R finish(byte[] tail) throws MediaException, IOException, GeneralSecurityException;

        /** Releases what the work holds (the plaintext file), on every way out. */
        @Override
        void close();
    }

    /**
     * One stage of the pass on a virtual thread of its own (not a FutureTask: a task cancelled before it starts
     * would never close the plaintext file). Its queue holds every chunk there is and the end marker, so handing
     * it one never blocks the reader. After a failure it keeps giving chunks back unread, so the reader never
     * waits for a buffer that will not come, and sees the failure when it asks for the next one.
     */
    private static final class Stage<R> {
        private static final SharedChunk END = new SharedChunk(new byte[0], 0);

        private final BlockingQueue<SharedChunk> queue = new ArrayBlockingQueue<>(Chunks.COUNT + 1);
        private final CompletableFuture<R> outcome = new CompletableFuture<>();
        private final Chunks chunks;
        private final Thread thread;
        private volatile byte[] tail;

        Stage(String name, Chunks chunks, Work<R> work) {
            this.chunks = chunks;
            this.thread = Thread.ofVirtual().name(name).start(() -> run(work));
        }

        void take(SharedChunk chunk) {
            queue.add(chunk);
        }

        void end(byte[] tail) {
            this.tail = tail;
            queue.add(END);
        }

        private void run(Work<R> work) {
            try (work) {
                while (true) {
                    SharedChunk chunk = queue.take();
                    if (chunk == END) {
                        if (!outcome.isDone()) {
                            outcome.complete(work.finish(tail));
                        }
                        return;
                    }
                    try {
                        if (!outcome.isDone()) {
                            work.accept(chunk.bytes, chunk.length);
                        }
                    } catch (Throwable e) {
                        outcome.completeExceptionally(e);
                    } finally {
                        chunks.release(chunk);
                    }
                }
            } catch (Throwable e) {
                outcome.completeExceptionally(e instanceof InterruptedException
                        ? new java.io.InterruptedIOException("interrupted while the file was decrypted") : e);
            }
        }

        void throwIfFailed() throws MediaException, IOException {
            if (outcome.isCompletedExceptionally()) {
                outcome();
            }
            if (!thread.isAlive() && !outcome.isDone()) {
                throw new IllegalStateException(thread.getName() + " ended before the file did");
            }
        }

        R outcome() throws MediaException, IOException {
            try {
                return outcome.get();
            } catch (java.util.concurrent.ExecutionException e) {
                switch (e.getCause()) {
                    case MediaException media -> throw media;
                    case IOException io -> throw io;
                    case RuntimeException runtime -> throw runtime;
                    case Error error -> throw error;
                    default -> throw new IllegalStateException(thread.getName() + " failed", e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while the file was decrypted");
            }
        }

        /**
         * Tells the stage to stop if it has not finished and waits (uninterruptibly, at most 5 s) until it has
         * closed what it holds, so that the caller can delete the plaintext file.
         */
        void stop() {
            if (!outcome.isDone()) {
                thread.interrupt();
            }
            boolean interrupted = false;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (thread.isAlive() && System.nanoTime() < until) {
                try {
                    thread.join(java.time.Duration.ofNanos(Math.max(1, until - System.nanoTime())));
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The stage that checks the file as it arrived: its SHA-256 (trailer included) and the HMAC. */
    private static final class Hashing implements Work<Hashes> {
        private final MessageDigest fileHash;
        private final Mac mac;

        Hashing(MessageDigest fileHash, Mac mac) {
            this.fileHash = fileHash;
            this.mac = mac;
        }

        @Override
        public void accept(byte[] bytes, int length) {
            fileHash.update(bytes, 0, length);
            mac.update(bytes, 0, length);
        }

        @Override
        public Hashes finish(byte[] tail) {
            fileHash.update(tail);
            return new Hashes(fileHash.digest(), mac.doFinal());
        }

        @Override
        public void close() {
            // holds nothing but the hashes' state
        }
    }

    /**
     * The stage that decrypts, hashes the plaintext and writes it. It costs about what the hashing stage costs
     * (AES-CBC is cheap with the native provider; the write is not), so the two run side by side on two cores.
     */
    private static final class Decryption implements Work<Decrypted> {
        private final Cipher aes;
        private final MessageDigest plaintextHash;
        private final OutputStream plaintext;
        private final Path file;
        private final byte[] decrypted = new byte[Chunks.SIZE + 2 * BLOCK];
        private long size;

        Decryption(Cipher aes, MessageDigest plaintextHash, OutputStream plaintext, Path file) {
            this.aes = aes;
            this.plaintextHash = plaintextHash;
            this.plaintext = plaintext;
            this.file = file;
        }

        @Override
        public void accept(byte[] bytes, int length) throws MediaException, GeneralSecurityException {
            write(aes.update(bytes, 0, length, decrypted, 0));
        }

        @Override
        public Decrypted finish(byte[] tail) throws MediaException, GeneralSecurityException {
            try {
                write(aes.doFinal(decrypted, 0));
            } catch (BadPaddingException e) {
                throw new MediaException(Reason.BAD_PADDING, "the decrypted file ends in invalid PKCS#7 padding");
            } catch (ShortBufferException e) {
                throw new IllegalStateException("the output buffer is sized for a chunk and its block", e);
            } catch (GeneralSecurityException e) {
                throw new MediaException(Reason.BAD_PADDING, "the ciphertext does not decrypt (" + e.getClass().getSimpleName() + ")");
            }
            try {
                plaintext.close();
            } catch (IOException e) {
                throw storageFailed(e);
            }
            return new Decrypted(size, plaintextHash.digest());
        }

        private void write(int length) throws MediaException {
            plaintextHash.update(decrypted, 0, length);
            try {
                plaintext.write(decrypted, 0, length);
            } catch (IOException e) {
                throw storageFailed(e);
            }
            size += length;
        }

        private MediaException storageFailed(IOException e) {
            return new MediaException(Reason.STORAGE_FAILED, "cannot write the temporary file " + file.getFileName(), e);
        }

        @Override
        public void close() {
            try {
                plaintext.close();
            } catch (IOException ignored) {
                // already reported by finish, or the pass failed for another reason first
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
