package io.flowgate.core.port.out;

import io.flowgate.spi.MediaException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * Fetches an encrypted upload from WhatsApp's CDN and hands its body, as it arrives, to a reader: the file is
 * verified and decrypted in the same pass that downloads it, so its bytes cross memory once and the disk not at
 * all (only the plaintext is written).
 */
public interface MediaDownloader {

    /** Consumes a download's body while it arrives, on the download's own thread and under its deadline. */
    @FunctionalInterface
    interface BodyReader<T> {

        /**
         * @param body the body, which fails with an {@link IOException} when the download does (too large, too
         *             slow, the connection lost); the reader lets those through, so that the downloader can name
         *             the reason
         * @throws MediaException for the reader's own failures (a bad HMAC, a disk that cannot be written)
         */
        T read(InputStream body) throws IOException, MediaException;
    }

    /**
     * @param maxBytes the largest encrypted file accepted: the caller adds the encryption's overhead to the
     *                 limit on the user's file
     * @return what the reader returned
     * @throws MediaException HOST_NOT_ALLOWED, DOWNLOAD_FAILED or TOO_LARGE, or the reader's own
     */
    <T> T download(URI cdnUrl, long maxBytes, BodyReader<T> reader) throws MediaException;
}
