package io.flowgate.core.service;

import io.flowgate.core.domain.EncryptionMetadata;
import io.flowgate.core.port.out.FlowgateTelemetry;
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
 * Uploaded files for plugins: download, verify and decrypt in one pass into a temporary file, and only then
 * hand out the plaintext. Temporary files are deleted when done, on failure too; the ones a crash left behind
 * are swept at startup ({@link #sweepTemporaryFiles()}). Downloads at once and the temporary disk they use are
 * bounded ({@link Limits}).
 */
public final class MediaService implements MediaAccess {

    /**
     * How much longer the CDN's file is than the user's: PKCS#7 pads 1 to 16 bytes, and the HMAC trailer is 10.
     * Meta's 25 MiB limit is on the user's file, so a legal upload's encrypted file may be up to 26 bytes larger.
     */
    public static final long MAX_ENCRYPTION_OVERHEAD = 16 + 10;

    private static final System.Logger LOG = System.getLogger(MediaService.class.getName());

    /**
     * Limits on media work for one server.
     *
     * @param maxBytes               the largest file a user may upload (the plaintext; {@code flowgate.media.max-bytes})
     * @param maxConcurrentDownloads downloads running at once; beyond it {@code BUSY} (default 8)
     * @param maxTempBytes           temporary disk that decrypted files not yet stored may take; each download
     *                               reserves {@link #reservationBytes()} before it starts (default enough for
     *                               every concurrent download at full size)
     */
    public record Limits(long maxBytes, int maxConcurrentDownloads, long maxTempBytes) {

        public static final int DEFAULT_MAX_CONCURRENT_DOWNLOADS = 8;

        public Limits {
            if (maxBytes < 1) {
                throw new IllegalArgumentException("the media size limit must be at least 1 byte, not " + maxBytes);
            }
            if (maxConcurrentDownloads < 1) {
                throw new IllegalArgumentException("at least one media download must be allowed at once, not "
                        + maxConcurrentDownloads);
            }
            if (maxTempBytes < maxBytes + MAX_ENCRYPTION_OVERHEAD) {
                throw new IllegalArgumentException("the temporary media disk limit (" + maxTempBytes + " bytes) is"
                        + " smaller than one download needs (" + (maxBytes + MAX_ENCRYPTION_OVERHEAD)
                        + " bytes: the plaintext of the largest encrypted file allowed)");
            }
        }

        /** The defaults for an upload size limit: 8 downloads at once, disk for all of them at full size. */
        public static Limits defaults(long maxBytes) {
            return new Limits(maxBytes, DEFAULT_MAX_CONCURRENT_DOWNLOADS,
                    DEFAULT_MAX_CONCURRENT_DOWNLOADS * (maxBytes + MAX_ENCRYPTION_OVERHEAD));
        }

        /** The largest encrypted file a legal upload can have. */
        public long maxEncryptedBytes() {
            return maxBytes + MAX_ENCRYPTION_OVERHEAD;
        }

        /**
         * Disk one download may need: its plaintext, which is written while the encrypted file arrives and may be as
         * long as it until the padding is removed (the encrypted bytes themselves are never spooled).
         */
        public long reservationBytes() {
            return maxEncryptedBytes();
        }
    }

    private final MediaDownloader downloader;
    private final MediaCipher cipher;
    private final MediaStore store;
    private final Path tempDir;
    private final Limits limits;
    private final MediaBudget budget;
    private final FlowgateTelemetry telemetry;

    /**
     * @param tempDir where encrypted and decrypted files are spooled (the data dir's media temp folder); it
     *                belongs to this server alone: {@link #sweepTemporaryFiles()} empties it
     */
    public MediaService(MediaDownloader downloader, MediaCipher cipher, MediaStore store, Path tempDir, Limits limits) {
        this(downloader, cipher, store, tempDir, limits, FlowgateTelemetry.NONE);
    }

    /** @param telemetry counts downloads by outcome (ok, or the failure's reason) and their bytes */
    public MediaService(MediaDownloader downloader, MediaCipher cipher, MediaStore store, Path tempDir, Limits limits,
                        FlowgateTelemetry telemetry) {
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
        this.downloader = Objects.requireNonNull(downloader, "downloader");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.store = Objects.requireNonNull(store, "store");
        this.tempDir = Objects.requireNonNull(tempDir, "tempDir");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.budget = new MediaBudget(limits.maxConcurrentDownloads(), limits.maxTempBytes());
    }

    /**
     * Deletes the files a previous run left in the temporary folder (a crash, or a kill, mid-download); called
     * once at startup, before any download. Their space was never returned, and nothing can use them.
     *
     * @return how many files were deleted
     */
    public int sweepTemporaryFiles() {
        if (!Files.isDirectory(tempDir)) {
            return 0;
        }
        int deleted = 0;
        try (var files = Files.list(tempDir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) && Files.deleteIfExists(file)) {
                    deleted++;
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not empty the temporary media folder " + tempDir
                    + " (check its permissions): " + e.getMessage());
        }
        if (deleted > 0) {
            LOG.log(System.Logger.Level.INFO, "deleted {0} temporary media file(s) left in {1} by an earlier run",
                    deleted, tempDir);
        }
        return deleted;
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

    /**
     * A decrypted, verified file in the temporary folder and the disk reserved for it; closing deletes the file
     * (unless it was moved away) and returns the space.
     */
    private record Verified(Path file, long size, MediaBudget.Reservation reservation) implements AutoCloseable {
        @Override
        public void close() {
            deleteQuietly(file);
            reservation.close();
        }
    }

    /**
     * Downloads, verifies and decrypts into a temporary file in one pass; the caller owns (and closes) the
     * result. The plaintext is someone's upload: it is deleted on every failure, the timeout included.
     */
    private Verified verifiedPlaintext(URI url, Map<String, Object> metadata) throws MediaException {
        long downloadedBytes = 0;
        MediaBudget.Reservation reservation;
        try {
            reservation = budget.reserve(limits.reservationBytes());
        } catch (MediaException e) {
            telemetry.mediaDownloaded(e.reason().name().toLowerCase(java.util.Locale.ROOT), 0);
            throw e;
        }
        EncryptionMetadata keys = null;
        try {
            keys = EncryptionMetadata.parse(metadata);
            EncryptionMetadata parsed = keys;
            Path plaintext = createTemp("plain-");
            var counted = new long[1];
            long size;
            try {
                size = downloader.download(url, limits.maxEncryptedBytes(),
                        body -> cipher.decrypt(new CountingStream(body, counted), parsed, plaintext));
            } catch (MediaException | RuntimeException e) {
                downloadedBytes = counted[0];
                deleteQuietly(plaintext);
                throw e;
            }
            downloadedBytes = counted[0];
            // The encrypted file's length cannot tell max from max + 1 (both pad to the same blocks).
            if (size > limits.maxBytes()) {
                deleteQuietly(plaintext);
                throw new MediaException(MediaException.Reason.TOO_LARGE, "the file is " + size
                        + " bytes, larger than flowgate.media.max-bytes (" + limits.maxBytes() + ")");
            }
            reservation.downloaded(size);
            telemetry.mediaDownloaded("ok", downloadedBytes);
            return new Verified(plaintext, size, reservation);
        } catch (MediaException e) {
            reservation.close();
            telemetry.mediaDownloaded(e.reason().name().toLowerCase(java.util.Locale.ROOT), downloadedBytes);
            throw e;
        } catch (RuntimeException e) {
            reservation.close();
            telemetry.mediaDownloaded("error", downloadedBytes);
            throw e;
        } finally {
            if (keys != null) {
                keys.wipe();
            }
        }
    }

    /** Counts the encrypted bytes that arrived, for the downloads' byte counter. */
    private static final class CountingStream extends FilterInputStream {
        private final long[] count;

        CountingStream(InputStream in, long[] count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int read = super.read();
            if (read >= 0) {
                count[0]++;
            }
            return read;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int read = super.read(buffer, offset, length);
            if (read > 0) {
                count[0] += read;
            }
            return read;
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
            Verified verified = verifiedPlaintext(url, metadata);
            try {
                return new FilterInputStream(Files.newInputStream(verified.file())) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            verified.close();
                        }
                    }
                };
            } catch (IOException e) {
                verified.close();
                throw new MediaException(MediaException.Reason.STORAGE_FAILED, "cannot read the decrypted file", e);
            }
        }

        @Override
        public long saveTo(Path target) throws MediaException {
            try (Verified verified = verifiedPlaintext(url, metadata)) {
                Files.move(verified.file(), target, StandardCopyOption.REPLACE_EXISTING);
                return verified.size();
            } catch (IOException e) {
                throw new MediaException(MediaException.Reason.STORAGE_FAILED, "cannot write " + target, e);
            }
        }

        @Override
        public String store() throws MediaException {
            try (Verified verified = verifiedPlaintext(url, metadata)) {
                return MediaService.this.store.put(verified.file(), fileName);
            } catch (IOException e) {
                throw new MediaException(MediaException.Reason.STORAGE_FAILED, "the media store failed", e);
            }
        }

        @Override
        public String toString() {
            return "FlowMedia[" + mediaId + "]";
        }
    }
}
