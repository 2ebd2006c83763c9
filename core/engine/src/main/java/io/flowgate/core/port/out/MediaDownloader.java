package io.flowgate.core.port.out;

import io.flowgate.spi.MediaException;

import java.net.URI;
import java.nio.file.Path;

/** Fetches an encrypted upload from WhatsApp's CDN into a temporary file, hashing it on the way. */
public interface MediaDownloader {

    /**
     * A downloaded file.
     *
     * @param file   a temporary file the caller deletes
     * @param sha256 SHA-256 of its bytes, computed while they arrived
     */
    record Downloaded(Path file, byte[] sha256, long size) {
    }

    /**
     * @param maxBytes the largest encrypted file accepted: the caller adds the encryption's overhead to the
     *                 limit on the user's file
     * @throws MediaException HOST_NOT_ALLOWED, DOWNLOAD_FAILED or TOO_LARGE; no file is left behind
     */
    Downloaded download(URI cdnUrl, long maxBytes) throws MediaException;
}
