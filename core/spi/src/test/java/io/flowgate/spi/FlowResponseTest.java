package io.flowgate.spi;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FlowResponseTest {

    @Test
    void aNullAnywhereInTheDataIsRefusedWithItsPath() {
        var row = new HashMap<String, Object>();
        row.put("title", null);

        assertThatThrownBy(() -> FlowResponse.screen("LIST", Map.of("items", List.of(Map.of("id", "a"), row))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("data.items[1].title is null: WhatsApp rejects null values; leave the key out or send \"\"");
    }

    @Test
    void successIsReservedForCompletion() {
        assertThatThrownBy(() -> FlowResponse.screen("SUCCESS", Map.of()))
                .hasMessageContaining("use FlowResponse.complete(params)");
    }

    @Test
    void theErrorMessageTravelsInTheDataAsWhatsAppExpects() {
        var response = (FlowResponse.NextScreen) FlowResponse.screenWithError("FORM", Map.of("name", "x"), "Name taken");

        assertThat(response.data()).containsEntry("error_message", "Name taken").containsEntry("name", "x");
    }

    @Test
    void dataIsCopiedDeeplySoThePluginCannotChangeItAfterwards() {
        var items = new ArrayList<Object>(List.of("a"));
        var response = (FlowResponse.NextScreen) FlowResponse.screen("LIST", Map.of("items", items));
        items.add("b");

        assertThat(response.data().get("items")).isEqualTo(List.of("a"));
        assertThatThrownBy(() -> response.data().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void numbersAreNormalisedAndTypesJsonCannotCarryAreRefused() {
        var response = (FlowResponse.NextScreen) FlowResponse.screen("S", Map.of("count", 3, "price", new BigDecimal("9.90")));

        assertThat(response.data()).containsEntry("count", 3L).containsEntry("price", new BigDecimal("9.90"));
        assertThatThrownBy(() -> FlowResponse.screen("S", Map.of("when", new Object())))
                .hasMessageContaining("data.when has unsupported type java.lang.Object");
        assertThatThrownBy(() -> FlowResponse.screen("S", Map.of("ratio", Double.NaN)))
                .hasMessageContaining("which JSON cannot carry");
    }

    @Test
    void aBlankErrorMessageIsAMistake() {
        assertThatThrownBy(() -> FlowResponse.screenWithError("S", Map.of(), " "))
                .hasMessage("an error message for the user must not be blank");
    }
}
