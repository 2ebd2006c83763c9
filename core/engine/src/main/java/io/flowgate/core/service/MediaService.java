package io.flowgate.core.service;

import io.flowgate.core.domain.EncryptionMetadata;
import io.flowgate.core.port.out.MediaCipher;
import io.flowgate.core.port.out.MediaDownloader;
import io.flowgate.core.port.out.MediaStore;
import io.flowgate.spi.FlowMedia;
import io.flowgate.spi.MediaAccess;
import io.flowgate.spi.MediaException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;

/**
 * Uploaded files for plugins: download to a temporary file, verify and decrypt to another, and only then
 * hand out the plaintext. Temporary files are deleted when done, on failure too.
 */
public final class MediaService implements MediaAccess {

    private final MediaDownloader downloader;
    private final MediaCipher cipher;
    private final MediaStore store;
    private final Path tempDir;

    /** @param tempDir where encrypted and decrypted files are spooled (the data dir's media temp folder) */
    public MediaService(MediaDownloader downloader, MediaCipher cipher, MediaStore store, Path tempDir) {
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.store = Objects.requireNonNull(store, "store");
        this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
    }

    @Override
    public FlowMedia media(Map<String, Object> item) throws MediaException {
        String mediaId = text(item, "media_id");
        String cdnUrl = text(item, "cdn_url");
        String fileName = item.get("file_name") instanceof String name ? name : "";
        if (!(item.get("encryption_metadata") instanceof Map<?, ?> metadata)) {
            throw new MediaException(MediaException.Reason.INVALID_METADATA, "the media item has no encryption_metadata");
        }
        URI url;
        try {
            url = URI.create(cdnUrl);
        } catch (IllegalArgumentException e) {
            throw new MediaException(MediaException.Reason.INVALID_METADATA, "cdn_url is not a URL");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> typed = (Map<String, Object>) metadata;
        EncryptionMetadata.parse(typed); // fail early on bad metadata; parsed again per open so keys are not kept
        return new HostedMedia(mediaId, fileName, url, typed);
    }

    private static String text(Map<String, Object> item, String field) throws MediaException {
        if (item.get(field) instanceof String value && !value.isEmpty()) {
            return value;
        }
        throw new MediaException(MediaException.Reason.INVALID_METADATA, "the media item has no \"" + field + "\"");
    }

    /** Downloads, verifies and decrypts into a temporary file; the caller owns (and deletes) the result. */
    private Path verifiedPlaintext(URI url, Map<String, Object> metadata) throws MediaException {
        EncryptionMetadata keys = EncryptionMetadata.parse(metadata);
        MediaDownloader.Downloaded encrypted = downloader.download(url);
        try {
            Path plaintext = createTemp("plain-");
            cipher.decrypt(encrypted.file(), encrypted.sha256(), keys, plaintext);
            return plaintext;
        } finally {
            keys.wipe();
            deleteQuietly(encrypted.file());
        }
    }

    private Path createTemp(String prefix) throws MediaException {
        try {
            Files.createDirectories(tempDir);
            return Files.createTempFile(tempDir, prefix, ".bin");
        } catch (IOException e) {
            throw new MediaException(MediaException.Reason.STORAGE_FAILED, "cannot create a temporary file in " + tempDir, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is harmless; the next start of the folder is not our concern here
        }
    }

    private final class HostedMedia implements FlowMedia {
        private final String mediaId;
        private final String fileName;
        private final URI url;
        private final Map<String, Object> metadata;

        HostedMedia(String mediaId, String fileName, URI url, Map<String, Object> metadata) {
            this.mediaId = mediaId;
            this.fileName = fileName;
            this.url = url;
            this.metadata = metadata;
        }

        @Override
        public String mediaId() {
            return mediaId;
        }

        @Override
        public String fileName() {
            return fileName;
        }

        @Override
        public InputStream open() throws MediaException {
            Path plaintext = verifiedPlaintext(url, metadata);
            try {
                return new FilterInputStream(Files.newInputStream(plaintext)) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            deleteQuietly(plaintext);
                        }
                    }
                };
            } catch (IOException e) {
                deleteQuietly(plaintext);
                throw new MediaException(MediaException.Reason.STORAGE_FAILED, "cannot read the decrypted file", e);
            }
        }

        @Override
        public long saveTo(Path target) throws MediaException {
            Path plaintext = verifiedPlaintext(url, metadata);
            try {
                Files.move(plaintext, target, StandardCopyOption.REPLACE_EXISTING);
                return Files.size(target);
            } catch (IOException e) {
                throw new MediaException(MediaException.Reason.STORAGE_FAILED, "cannot write " + target, e);
            } finally {
                deleteQuietly(plaintext);
            }
        }

        @Override
        public String store() throws MediaException {
            Path plaintext = verifiedPlaintext(url, metadata);
            try {
                return MediaService.this.store.put(plaintext, fileName);
            } catch (IOException e) {
                throw new MediaException(MediaException.Reason.STORAGE_FAILED, "the media store failed", e);
            } finally {
                deleteQuietly(plaintext);
            }
        }

        @Override
        public String toString() {
            return "FlowMedia[" + mediaId + "]";
        }
    }
}
