package io.flowgate.storage.memory;

import io.flowgate.core.port.out.StateStore;
import io.flowgate.core.port.out.StorageAdapter;

import java.nio.file.Path;
import java.util.Map;

/** {@code flowgate.storage.type=memory}. */
public final class MemoryStorageAdapter implements StorageAdapter {

    @Override
    public String type() {
        return "memory";
    }

    @Override
    public StateStore open(Map<String, String> settings, Path dataDir) {
        return new MemoryStateStore();
    }
}
