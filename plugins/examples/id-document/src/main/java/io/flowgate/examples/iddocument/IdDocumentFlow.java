package io.flowgate.examples.iddocument;

import io.flowgate.spi.FlowMedia;
import io.flowgate.spi.FlowRouter;
import io.flowgate.spi.RoutedFlowPlugin;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;
import io.flowgate.spi.MediaException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * One screen with a PhotoPicker (see src/main/resources/flow.json, carried in the jar): the user photographs an identity
 * document; the plugin opens the upload (downloaded, verified and decrypted by the host), checks that it is
 * a JPEG or PNG image, and completes with its size. A real plugin would hand it to a document check here.
 */
public final class IdDocumentFlow extends RoutedFlowPlugin {

    static final String SCREEN = "UPLOAD";

    @Override
    public String flowId() {
        return "id-document";
    }

    @Override
    protected void routes(FlowRouter.Builder routes) {
        routes.onInit(request -> FlowResponse.screen(SCREEN, Map.of()))
                .onSubmit(SCREEN, IdDocumentFlow::checkPhoto);
    }

    private static FlowResponse checkPhoto(FlowRequest request) {
        try {
            List<FlowMedia> photos = request.media("photo");
            if (photos.size() != 1) {
                return FlowResponse.screenWithError(SCREEN, Map.of(), "Please add one photo of your document.");
            }
            FlowMedia photo = photos.getFirst();
            try (InputStream in = photo.open()) {
                byte[] head = in.readNBytes(8);
                if (!isImage(head)) {
                    return FlowResponse.screenWithError(SCREEN, Map.of(), "Please upload a photo (JPEG or PNG).");
                }
                long size = head.length + in.transferTo(OutputStream.nullOutputStream());
                return FlowResponse.complete(Map.of("media_id", photo.mediaId(), "photo_bytes", size,
                        "format", head[0] == (byte) 0xFF ? "jpeg" : "png"));
            }
        } catch (MediaException e) {
            return FlowResponse.screenWithError(SCREEN, Map.of(), e.userMessage());
        } catch (IOException e) {
            return FlowResponse.screenWithError(SCREEN, Map.of(), "This file could not be read. Please upload it again.");
        }
    }

    private static boolean isImage(byte[] head) {
        boolean jpeg = head.length >= 3 && head[0] == (byte) 0xFF && head[1] == (byte) 0xD8 && head[2] == (byte) 0xFF;
        boolean png = head.length >= 8 && head[0] == (byte) 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G';
        return jpeg || png;
    }
}
