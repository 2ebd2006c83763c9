package io.flowgate.examples.iddocument;

import io.flowgate.spi.FlowMedia;
import io.flowgate.spi.MediaAccess;
import io.flowgate.spi.MediaException;
import io.flowgate.testkit.FlowTester;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The flow in-process with FlowTester; uploads come from a fake {@link MediaAccess} that hands out fixed bytes,
 * where the server would download and decrypt them from WhatsApp's CDN (the end-to-end test does that).
 */
class IdDocumentFlowTest {

    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2, 3, 4, 5, 6};
    private static final Map<String, Object> ONE_PHOTO = Map.of("photo", List.of(Map.of("media_id", "790aba14",
            "file_name", "IMG_2041.jpg")));

    @Test
    void opensOnTheUploadScreen() {
        FlowTester.of(new IdDocumentFlow()).init().assertScreen("UPLOAD").assertNoErrorMessage();
    }

    @Test
    void aPhotoCompletesWithItsSizeAndFormat() {
        var flow = FlowTester.builder(new IdDocumentFlow()).media(item -> new Bytes(JPEG)).build();

        flow.submit("UPLOAD", ONE_PHOTO).assertCompleted()
                .assertParam("photo_bytes", JPEG.length).assertParam("format", "jpeg")
                .assertParam("media_id", "790aba14");
    }

    @Test
    void somethingThatIsNotAPhotoStaysOnTheScreenWithAMessage() {
        var flow = FlowTester.builder(new IdDocumentFlow()).media(item -> new Bytes("just text".getBytes())).build();

        flow.submit("UPLOAD", ONE_PHOTO).assertScreen("UPLOAD")
                .assertErrorMessage("Please upload a photo (JPEG or PNG).");
    }

    @Test
    void noPhotoAsksForOne() {
        FlowTester.of(new IdDocumentFlow()).submit("UPLOAD", Map.of("photo", List.of()))
                .assertScreen("UPLOAD").assertErrorMessage("Please add one photo of your document.");
    }

    private record Bytes(byte[] content) implements FlowMedia {
        @Override
        public String mediaId() {
            return "790aba14";
        }

        @Override
        public String fileName() {
            return "IMG_2041.jpg";
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(content);
        }

        @Override
        public long saveTo(Path target) throws MediaException {
            throw new MediaException(MediaException.Reason.DOWNLOAD_FAILED, "not needed by this flow");
        }

        @Override
        public String store() throws MediaException {
            throw new MediaException(MediaException.Reason.DOWNLOAD_FAILED, "not needed by this flow");
        }
    }
}
