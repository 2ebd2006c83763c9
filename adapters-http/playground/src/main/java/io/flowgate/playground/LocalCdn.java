package io.flowgate.playground;

import java.net.URI;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The playground's stand-in for WhatsApp's CDN: files the page encrypted as the CDN stores them, kept in memory
 * for the step that uploads them and served on the management listener under {@code /playground/cdn/}.
 *
 * <p>Only the exact URLs it handed out count as its own ({@link #serves}); the playground's media downloader
 * admits those and nothing else from the management port, so a forged request cannot point the server at other
 * management routes. Bounded: the oldest files go first.
 */
public final class LocalCdn {

    /** The path the files are served under, on the management listener. */
    public static final String PATH = "/playground/cdn/";

    private final String host;
    private final int maxFiles;
    private final long maxBytes;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Stored> files = new LinkedHashMap<>();
    private long storedBytes;

    private record Stored(URI url, byte[] bytes) {
    }

    /**
     * @param host     the host the server reaches its own management listener at (loopback when it listens on
     *                 loopback or on every address)
     * @param maxFiles files kept at once
     * @param maxBytes bytes kept at once
     */
    public LocalCdn(String host, int maxFiles, long maxBytes) {
        this.host = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        this.maxFiles = maxFiles;
        this.maxBytes = maxBytes;
    }

    /** The host downloads from this CDN go to; the media downloader for it allows this host only. */
    public String host() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** Keeps an encrypted file and answers the URL the server will download it from. */
    public synchronized URI put(byte[] encrypted, int managementPort) {
        if (encrypted.length > maxBytes) {
            throw new IllegalArgumentException("the file is larger than the playground keeps (" + maxBytes + " bytes)");
        }
        while (!files.isEmpty() && (files.size() >= maxFiles || storedBytes + encrypted.length > maxBytes)) {
            String oldest = files.keySet().iterator().next();
            storedBytes -= files.remove(oldest).bytes().length;
        }
        byte[] idBytes = new byte[16];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        URI url = URI.create("http://" + host + ":" + managementPort + PATH + id);
        files.put(id, new Stored(url, encrypted.clone()));
        storedBytes += encrypted.length;
        return url;
    }

    public synchronized Optional<byte[]> get(String id) {
        Stored stored = files.get(id);
        return stored == null ? Optional.empty() : Optional.of(stored.bytes());
    }

    /** Forgets a file once its step is over; true when it was kept. */
    public synchronized boolean remove(String id) {
        Stored removed = files.remove(id);
        if (removed != null) {
            storedBytes -= removed.bytes().length;
        }
        return removed != null;
    }

    /** True for exactly the URLs {@link #put} handed out and that are still kept. */
    public synchronized boolean serves(URI url) {
        String path = url.getRawPath();
        if (path == null || !path.startsWith(PATH)) {
            return false;
        }
        Stored stored = files.get(path.substring(PATH.length()));
        return stored != null && stored.url().equals(url);
    }
}
