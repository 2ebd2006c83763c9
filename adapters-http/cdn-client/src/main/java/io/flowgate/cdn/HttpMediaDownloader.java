package io.flowgate.cdn;

import io.flowgate.core.port.out.MediaDownloader;
import io.flowgate.spi.MediaException;
import io.flowgate.spi.MediaException.Reason;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads uploads from WhatsApp's CDN with the limits a hostile URL calls for: only allowed hosts, https
 * (plain http only for hosts named as insecure, e.g. loopback in tests), connect and total timeouts, a size
 * cap checked on Content-Length and again while streaming, and redirects followed only within the same host.
 * The body streams into a temporary file and is hashed on the way; memory does not grow with the file.
 */
public final class HttpMediaDownloader implements MediaDownloader {

    private static final int MAX_REDIRECTS = 3;
    private static final ExecutorService DOWNLOADS = Executors.newVirtualThreadPerTaskExecutor();

    private final List<String> allowedHosts;
    private final List<String> insecureHosts;
    private final Duration timeout;
    private final Path tempDir;
    private final HttpClient http;

    /**
     * @param allowedHosts host names, or {@code *.suffix} patterns, downloads may come from
     * @param insecureHosts hosts that may be reached over plain http (tests, a local CDN mirror)
     */
    public HttpMediaDownloader(List<String> allowedHosts, List<String> insecureHosts, Duration timeout, Path tempDir) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.insecureHosts = insecureHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.timeout = timeout;
        this.tempDir = tempDir;
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
    }

    /**
     * The whole download runs on its own virtual thread under one deadline: the JDK's HttpClient has no read
     * timeout for a body that stalls, but reading its body stream is interruptible.
     */
    @Override
    public Downloaded download(URI cdnUrl, long maxBytes) throws MediaException {
        String host = requireAllowed(cdnUrl);
        var finished = new java.util.concurrent.CountDownLatch(1);
        Future<Downloaded> download = DOWNLOADS.submit(() -> {
            try {
                return downloadWithin(cdnUrl, host, maxBytes, System.nanoTime() + timeout.toNanos());
            } finally {
                finished.countDown();
            }
        });
        try {
            return download.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            download.cancel(true);
            awaitCleanup(finished);
            throw new MediaException(Reason.DOWNLOAD_FAILED, "the download took longer than " + timeout
                    + " (flowgate.media.timeout)");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MediaException media) {
                throw media;
            }
            throw new MediaException(Reason.DOWNLOAD_FAILED, "the download failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            download.cancel(true);
            Thread.currentThread().interrupt();
            throw new MediaException(Reason.DOWNLOAD_FAILED, "the download was interrupted", e);
        }
    }

    /**
     * The interrupted download deletes its temporary file on its own thread; waiting for that (briefly) before
     * the failure is reported means no caller ever sees a leftover file of a download that already failed.
     */
    private static void awaitCleanup(java.util.concurrent.CountDownLatch finished) {
        boolean interrupted = false;
        try {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (true) {
                try {
                    finished.await(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Downloaded downloadWithin(URI cdnUrl, String host, long maxBytes, long deadline) throws MediaException {
        URI current = cdnUrl;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> response = send(current, deadline);
            int status = response.statusCode();
            if (status >= 300 && status < 400) {
                closeQuietly(response.body());
                URI next = response.headers().firstValue("Location").map(current::resolve)
                        .orElseThrow(() -> new MediaException(Reason.DOWNLOAD_FAILED, "the CDN redirected without a Location"));
                if (!host.equalsIgnoreCase(next.getHost()) || !scheme(next).equals(scheme(cdnUrl))) {
                    throw new MediaException(Reason.DOWNLOAD_FAILED, "the CDN redirected to another host; not followed");
                }
                current = next;
                continue;
            }
            if (status != 200) {
                closeQuietly(response.body());
                throw new MediaException(Reason.DOWNLOAD_FAILED, "the CDN answered HTTP " + status);
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                closeQuietly(response.body());
                throw tooLarge(maxBytes);
            }
            return spool(response.body(), maxBytes, deadline);
        }
        throw new MediaException(Reason.DOWNLOAD_FAILED, "the CDN redirected more than " + MAX_REDIRECTS + " times");
    }

    private String requireAllowed(URI url) throws MediaException {
        String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
        boolean allowed = allowedHosts.stream().anyMatch(pattern -> pattern.startsWith("*.")
                ? host.endsWith(pattern.substring(1)) : host.equals(pattern));
        if (!allowed) {
            throw new MediaException(Reason.HOST_NOT_ALLOWED, "cdn_url's host is not in flowgate.media.allowed-hosts");
        }
        String scheme = scheme(url);
        if (!scheme.equals("https") && !(scheme.equals("http") && insecureHosts.contains(host))) {
            throw new MediaException(Reason.HOST_NOT_ALLOWED, "cdn_url must be https");
        }
        return host;
    }

    private static String scheme(URI url) {
        return url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    }

    private HttpResponse<InputStream> send(URI url, long deadline) throws MediaException {
        Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
        try {
            return http.send(HttpRequest.newBuilder(url).timeout(left).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new MediaException(Reason.DOWNLOAD_FAILED, "the download failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MediaException(Reason.DOWNLOAD_FAILED, "the download was interrupted", e);
        }
    }

    private Downloaded spool(InputStream body, long maxBytes, long deadline) throws MediaException {
        Path file = null;
        boolean kept = false;
        try (InputStream in = body) {
            Files.createDirectories(tempDir);
            file = Files.createTempFile(tempDir, "cdn-", ".enc");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long size = 0;
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                for (int read; (read = in.read(buffer)) > 0; ) {
                    size += read;
                    if (size > maxBytes) {
                        throw tooLarge(maxBytes);
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new MediaException(Reason.DOWNLOAD_FAILED, "the download took longer than " + timeout);
                    }
                    sha256.update(buffer, 0, read);
                    out.write(buffer, 0, read);
                }
            }
            kept = true;
            return new Downloaded(file, sha256.digest(), size);
        } catch (IOException e) {
            throw new MediaException(Reason.DOWNLOAD_FAILED, "the download failed: " + e.getClass().getSimpleName(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        } finally {
            if (!kept && file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static MediaException tooLarge(long maxBytes) {
        return new MediaException(Reason.TOO_LARGE, "the encrypted file is larger than " + maxBytes + " bytes"
                + " (flowgate.media.max-bytes plus the encryption's overhead)");
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
