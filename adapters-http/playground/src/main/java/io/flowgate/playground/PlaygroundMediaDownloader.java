package io.flowgate.playground;

import io.flowgate.core.port.out.MediaDownloader;
import io.flowgate.spi.MediaException;

import java.net.URI;
import java.util.Objects;

/**
 * The media downloader of the playground's requests only: the local CDN's own URLs go to a downloader that may
 * reach the management listener over plain http; everything else goes to the server's usual downloader and its
 * allowlist. The public listener's requests never use this class, so no request from the internet can make the
 * server fetch from the management port.
 */
public final class PlaygroundMediaDownloader implements MediaDownloader {

    private final LocalCdn cdn;
    private final MediaDownloader localCdnDownloader;
    private final MediaDownloader usual;

    /**
     * @param localCdnDownloader allows {@link LocalCdn#host()} over http, and is only ever given the CDN's URLs
     * @param usual              the server's downloader, with flowgate.media.allowed-hosts
     */
    public PlaygroundMediaDownloader(LocalCdn cdn, MediaDownloader localCdnDownloader, MediaDownloader usual) {
        this.cdn = Objects.requireNonNull(cdn, "cdn");
        this.localCdnDownloader = Objects.requireNonNull(localCdnDownloader, "localCdnDownloader");
        this.usual = Objects.requireNonNull(usual, "usual");
    }

    @Override
    public <T> T download(URI cdnUrl, long maxBytes, BodyReader<T> reader) throws MediaException {
        return cdn.serves(cdnUrl) ? localCdnDownloader.download(cdnUrl, maxBytes, reader)
                : usual.download(cdnUrl, maxBytes, reader);
    }
}
