package io.flowgate.app;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flowgate.core.domain.EncryptionMetadata;
import io.flowgate.crypto.CryptoProviders;
import io.flowgate.crypto.WhatsAppMediaCipher;
import io.flowgate.spi.MediaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code flowgate decrypt-media}: an operator's tool for a CDN file downloaded by hand; the same checks as the server. */
@Command(name = "decrypt-media", description = "Verify and decrypt a downloaded WhatsApp CDN file (PhotoPicker or"
        + " DocumentPicker upload) with its encryption_metadata.")
final class DecryptMedia implements Callable<Integer> {

    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    @Option(names = "--metadata", required = true, paramLabel = "JSON",
            description = "A JSON file with the encryption_metadata object, or the whole media item that holds it.")
    Path metadataFile;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The encrypted file as the CDN served it.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the verified plaintext.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            Map<String, Object> json = new ObjectMapper().readValue(metadataFile.toFile(), OBJECT);
            Map<String, Object> metadata = json.get("encryption_metadata") instanceof Map<?, ?> nested
                    ? (Map<String, Object>) nested : json;
            var parsed = EncryptionMetadata.parse(metadata);
            long size;
            try (InputStream encrypted = Files.newInputStream(in)) {
                size = new WhatsAppMediaCipher(CryptoProviders.choose(CryptoProviders.Preference.AUTO).provider())
                        .decrypt(encrypted, parsed, out);
            } catch (IOException e) {
                err.println("flowgate: cannot read " + in + ": " + e.getMessage());
                err.flush();
                return 2;
            }
            spec.commandLine().getOut().println("verified and decrypted " + size + " bytes into " + out);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (MediaException e) {
            err.println("flowgate: " + e.reason() + ": " + e.getMessage());
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("flowgate: cannot read " + metadataFile + ": " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
