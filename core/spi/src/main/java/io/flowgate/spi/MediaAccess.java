package io.flowgate.spi;

import java.util.Map;

/** Turns a media item of request data into a {@link FlowMedia}; the host provides it. */
public interface MediaAccess {

    /** @throws MediaException with {@link MediaException.Reason#INVALID_METADATA} when the item is not one */
    FlowMedia media(Map<String, Object> item) throws MediaException;

    /** For requests made outside the server (plugin unit tests): media cannot be fetched. */
    MediaAccess NONE = item -> {
        throw new MediaException(MediaException.Reason.DOWNLOAD_FAILED, "media cannot be fetched outside the server");
    };
}
