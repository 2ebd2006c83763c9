package io.flowgate.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A session held in a map: the host loads it from its store and saves {@link #values()} afterwards. */
final class MapFlowSession implements FlowSession {

    private final String flowToken;
    private final String waId;
    private final Map<String, Object> context;
    private final Map<String, Object> values = new LinkedHashMap<>();

    MapFlowSession(String flowToken, String waId, Map<String, Object> context, Map<String, Object> values) {
        this.flowToken = flowToken == null ? "" : flowToken;
        this.waId = waId == null ? "" : waId;
        this.context = context;
        this.values.putAll(values);
    }

    @Override
    public String flowToken() {
        return flowToken;
    }

    @Override
    public String waId() {
        return waId;
    }

    @Override
    public Map<String, Object> context() {
        return context;
    }

    @Override
    public Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    @Override
    public void put(String key, Object value) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("a session key must not be empty");
        }
        values.put(key, FlowValues.copyValue(value, "session." + key));
    }

    @Override
    public void remove(String key) {
        values.remove(key);
    }

    @Override
    public String toString() {
        return "FlowSession[" + values.size() + " values]";
    }
}
