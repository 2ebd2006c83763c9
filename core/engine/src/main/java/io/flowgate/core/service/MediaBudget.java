package io.flowgate.core.service;

import io.flowgate.spi.MediaException;

/**
 * How much media work one server takes on: downloads running at once, and bytes of temporary disk reserved
 * for them. A download reserves the most it could write before it starts, so the disk cap holds even when
 * every download is as large as allowed. Over either limit the answer is {@code BUSY} at once rather than a
 * wait: the plugin calling is inside a request that Meta abandons after 10 s, and a wait for a slot would
 * spend that request's time (and its plugin slot) on a download that may not start before the deadline.
 */
final class MediaBudget {

    private final int maxDownloads;
    private final long maxTempBytes;
    private int downloads;
    private long reservedBytes;

    MediaBudget(int maxDownloads, long maxTempBytes) {
        this.maxDownloads = maxDownloads;
        this.maxTempBytes = maxTempBytes;
    }

    /** Takes a download slot and {@code bytes} of temporary disk, or refuses with {@code BUSY}. */
    synchronized Reservation reserve(long bytes) throws MediaException {
        if (downloads >= maxDownloads) {
            throw new MediaException(MediaException.Reason.BUSY, maxDownloads + " media downloads are running, the"
                    + " most at once; try again when one has finished");
        }
        if (reservedBytes + bytes > maxTempBytes) {
            throw new MediaException(MediaException.Reason.BUSY, "temporary media files would take more than "
                    + maxTempBytes + " bytes (" + reservedBytes + " reserved, " + bytes + " needed)");
        }
        downloads++;
        reservedBytes += bytes;
        return new Reservation(bytes);
    }

    synchronized int downloads() {
        return downloads;
    }

    synchronized long reservedBytes() {
        return reservedBytes;
    }

    /** One download's slot and disk space; closing it returns whatever it still holds. */
    final class Reservation implements AutoCloseable {
        private long bytes;
        private boolean downloading = true;

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        /** The download and its decryption are over: the slot returns, the disk kept shrinks to the plaintext. */
        void downloaded(long plaintextBytes) {
            synchronized (MediaBudget.this) {
                endDownload();
                long kept = Math.min(bytes, plaintextBytes);
                reservedBytes -= bytes - kept;
                bytes = kept;
            }
        }

        @Override
        public void close() {
            synchronized (MediaBudget.this) {
                endDownload();
                reservedBytes -= bytes;
                bytes = 0;
            }
        }

        private void endDownload() {
            if (downloading) {
                downloading = false;
                downloads--;
            }
        }
    }
}
