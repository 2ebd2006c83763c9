package io.flowgate.storage.media;

import io.flowgate.core.port.out.MediaStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Uploads kept in a folder, each under a random id. The user's file name is never part of a path: it is
 * attacker-chosen text.
 */
public final class FilesystemMediaStore implements MediaStore {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;

    public FilesystemMediaStore(Path directory) {
        this.directory = directory;
    }

    @Override
    public String put(Path verifiedFile, String fileName) throws IOException {
        Files.createDirectories(directory);
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.move(verifiedFile, directory.resolve(id), StandardCopyOption.REPLACE_EXISTING);
        return id;
    }

    @Override
    public Optional<Path> find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path file = directory.resolve(id);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }
}
