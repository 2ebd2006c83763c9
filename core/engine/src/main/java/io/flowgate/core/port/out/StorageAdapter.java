package io.flowgate.core.port.out;

import java.nio.file.Path;
import java.util.Map;

/**
 * A storage adapter, found with {@link java.util.ServiceLoader} on the server's class path: name it in
 * {@code META-INF/services/io.flowgate.core.port.out.StorageAdapter} and select it with
 * {@code flowgate.storage.type}.
 */
public interface StorageAdapter {

    /** The value of {@code flowgate.storage.type} that selects this adapter. */
    String type();

    /**
     * Opens the store, creating or migrating its schema.
     *
     * @param settings every {@code flowgate.storage.<type>.*} setting, keyed without that prefix
     * @param dataDir  the server's data directory, for adapters that keep files
     */
    StateStore open(Map<String, String> settings, Path dataDir) throws StorageException;

    /**
     * The store cannot be opened or used. The message says what to check (the settings, the database, or the
     * file itself): the server prints it as it is.
     */
    final class StorageException extends Exception {
        public StorageException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
