package io.flowgate.core.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class NullValuesTest {

    @Test
    void nullsAreDroppedFromMapsAndListsAtAnyDepthAndCounted() {
        var customer = new LinkedHashMap<String, Object>();
        customer.put("id", null);
        customer.put("name", "Ada");
        var data = new LinkedHashMap<String, Object>();
        data.put("department", null);
        data.put("tags", new ArrayList<>(Arrays.asList("a", null, "b")));
        data.put("customer", customer);
        data.put("rows", List.of(Map.of("k", 1)));
        var payload = new LinkedHashMap<String, Object>();
        payload.put("action", "data_exchange");
        payload.put("data", data);

        var dropped = NullValues.drop(payload);

        assertThat(dropped.count()).isEqualTo(3);
        assertThat(dropped.values()).isEqualTo(Map.of("action", "data_exchange", "data", Map.of(
                "tags", List.of("a", "b"), "customer", Map.of("name", "Ada"), "rows", List.of(Map.of("k", 1)))));
    }

    @Test
    void aPayloadWithoutNullsIsReturnedAsItIs() {
        Map<String, Object> payload = Map.of("action", "INIT", "data", Map.of("k", List.of(1, 2)));

        var dropped = NullValues.drop(payload);

        assertThat(dropped.count()).isZero();
        assertThat(dropped.values()).isSameAs(payload);
    }

    @Test
    void theFirstNullIsNamedByItsJsonPath() {
        var customer = new LinkedHashMap<String, Object>();
        customer.put("id", null);
        var items = new ArrayList<Object>(Arrays.asList("a", null));

        assertThat(NullValues.firstNullPath(Map.of("customer", customer), "context")).contains("context.customer.id");
        assertThat(NullValues.firstNullPath(Map.of("items", items), "context")).contains("context.items[1]");
        assertThat(NullValues.firstNullPath(null, "context")).contains("context");
        assertThat(NullValues.firstNullPath(Map.of("ok", List.of(Map.of("x", true))), "context")).isEmpty();
    }
}
