package io.flowgate.core.service;

import io.flowgate.core.port.out.MediaCipher;
import io.flowgate.core.port.out.MediaDownloader;
import io.flowgate.core.port.out.MediaStore;
import io.flowgate.spi.FlowMedia;
import io.flowgate.spi.MediaException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The limits of MediaService with fakes for the CDN and the cipher: the fake cipher "decrypts" by copying, so
 * the plaintext is as long as the file the fake CDN served.
 */
class MediaServiceTest {

    private static final long MAX = 1_000;

    @TempDir
    Path temp;
    private final FakeCdn cdn = new FakeCdn();

    @Test
    void downloadsBeyondTheConcurrencyLimitAreBusyAtOnceAndASlotReturnsWhenADownloadEnds() throws Exception {
        var media = service(new MediaService.Limits(MAX, 2, 1_000_000));
        cdn.hold = new Semaphore(0);
        try (var plugins = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Long> first = plugins.submit(() -> media.media(item()).saveTo(temp.resolve("a")));
            Future<Long> second = plugins.submit(() -> media.media(item()).saveTo(temp.resolve("b")));
            cdn.started.acquire(2);

            assertThatThrownBy(() -> media.media(item()).saveTo(temp.resolve("c")))
                    .isInstanceOfSatisfying(MediaException.class, e -> {
                        assertThat(e.reason()).isEqualTo(MediaException.Reason.BUSY);
                        assertThat(e.getMessage()).contains("2 media downloads are running");
                    });
            assertThat(cdn.requests).as("the refused download never reached the CDN").hasSize(2);

            cdn.hold.release(2);
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo(500);
            assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo(500);
        }
        cdn.hold = null;
        assertThat(media.media(item()).saveTo(temp.resolve("d"))).isEqualTo(500);
    }

    @Test
    void temporaryDiskStaysReservedWhileADecryptedFileIsOpenAndReturnsWhenItIsClosed() throws Exception {
        long oneDownload = MAX + MediaService.MAX_ENCRYPTION_OVERHEAD;
        // room for one download at full size next to one open 500-byte plaintext, not next to two
        var media = service(new MediaService.Limits(MAX, 8, oneDownload + 500));
        Path spool = temp.resolve("spool");

        InputStream open = media.media(item()).open();
        assertThat(listed(spool)).as("the open plaintext").hasSize(1);
        assertThat(media.media(item()).open()).satisfies(InputStream::close);
        InputStream second = media.media(item()).open();
        assertThatThrownBy(() -> media.media(item()).open())
                .isInstanceOfSatisfying(MediaException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MediaException.Reason.BUSY);
                    assertThat(e.getMessage()).contains("temporary media files would take more than");
                });

        open.close();
        second.close();
        assertThat(listed(spool)).as("temporary files once closed").isEmpty();
        try (InputStream again = media.media(item()).open()) {
            assertThat(again.readAllBytes()).hasSize(500);
        }
    }

    @Test
    void theLimitIsOnTheDecryptedFileAndTheCdnFileMayBeLongerByTheEncryptionOverhead() throws Exception {
        var media = service(new MediaService.Limits(MAX, 8, 1_000_000));

        cdn.size = (int) MAX;
        assertThat(media.media(item()).saveTo(temp.resolve("exactly-max"))).isEqualTo(MAX);
        assertThat(cdn.maxBytesAsked).as("the encrypted file may be up to 26 bytes longer").containsOnly(MAX + 26);

        cdn.size = (int) MAX + 1;
        assertThatThrownBy(() -> media.media(item()).saveTo(temp.resolve("one-more")))
                .isInstanceOfSatisfying(MediaException.class,
                        e -> assertThat(e.reason()).isEqualTo(MediaException.Reason.TOO_LARGE));
        assertThat(temp.resolve("one-more")).doesNotExist();
        assertThat(listed(temp.resolve("spool"))).as("temporary files after TOO_LARGE").isEmpty();
    }

    @Test
    void theSweepDeletesWhatAnEarlierRunLeftInTheTemporaryFolder() throws Exception {
        Path spool = Files.createDirectories(temp.resolve("spool"));
        Files.write(spool.resolve("cdn-123.enc"), new byte[100]);
        Files.write(spool.resolve("plain-456.bin"), new byte[100]);
        var media = service(MediaService.Limits.defaults(MAX));

        assertThat(media.sweepTemporaryFiles()).isEqualTo(2);
        assertThat(listed(spool)).isEmpty();
        assertThat(service(MediaService.Limits.defaults(MAX)).sweepTemporaryFiles()).as("nothing left").isZero();
    }

    @Test
    void limitsThatCannotHoldOneDownloadAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new MediaService.Limits(MAX, 8, MAX))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("smaller than one download needs");
    }

    private MediaService service(MediaService.Limits limits) {
        return new MediaService(cdn, new CopyingCipher(), new NoStore(), temp.resolve("spool"), limits);
    }

    private static List<Path> listed(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static Map<String, Object> item() {
        Base64.Encoder b64 = Base64.getEncoder();
        return Map.of("media_id", "m1", "cdn_url", "https://mmg.whatsapp.net/v/x", "file_name", "x.jpg",
                "encryption_metadata", Map.of("encryption_key", b64.encodeToString(new byte[32]),
                        "hmac_key", b64.encodeToString(new byte[32]), "iv", b64.encodeToString(new byte[16]),
                        "plaintext_hash", b64.encodeToString(new byte[32]),
                        "encrypted_hash", b64.encodeToString(new byte[32])));
    }

    /** Serves {@code size} bytes per download to the reader; with {@code hold} set, waits for a permit. */
    private final class FakeCdn implements MediaDownloader {
        volatile int size = 500;
        volatile Semaphore hold;
        final Semaphore started = new Semaphore(0);
        final List<URI> requests = new CopyOnWriteArrayList<>();
        final List<Long> maxBytesAsked = new CopyOnWriteArrayList<>();

        @Override
        public <T> T download(URI cdnUrl, long maxBytes, BodyReader<T> reader) throws MediaException {
            requests.add(cdnUrl);
            maxBytesAsked.add(maxBytes);
            started.release();
            Semaphore gate = hold;
            if (gate != null) {
                gate.acquireUninterruptibly();
            }
            try {
                return reader.read(new java.io.ByteArrayInputStream(new byte[size]));
            } catch (IOException e) {
                throw new MediaException(MediaException.Reason.DOWNLOAD_FAILED, "fake CDN: " + e.getMessage(), e);
            }
        }
    }

    private static final class CopyingCipher implements MediaCipher {
        @Override
        public long decrypt(InputStream encrypted, io.flowgate.core.domain.EncryptionMetadata metadata, Path plaintextFile)
                throws MediaException {
            try {
                Files.copy(encrypted, plaintextFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                return Files.size(plaintextFile);
            } catch (IOException e) {
                throw new MediaException(MediaException.Reason.STORAGE_FAILED, e.getMessage(), e);
            }
        }
    }

    private static final class NoStore implements MediaStore {
        @Override
        public String put(Path verifiedFile, String fileName) {
            throw new UnsupportedOperationException("not used here");
        }

        @Override
        public Optional<Path> find(String id) {
            return Optional.empty();
        }
    }
}
