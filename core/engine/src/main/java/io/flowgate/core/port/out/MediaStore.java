package io.flowgate.core.port.out;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** Where plugins keep uploads, by id. */
public interface MediaStore {

    /** Moves the verified file into the store; returns its id. */
    String put(Path verifiedFile, String fileName) throws IOException;

    /** The stored file, if the id is known. */
    Optional<Path> find(String id);
}
