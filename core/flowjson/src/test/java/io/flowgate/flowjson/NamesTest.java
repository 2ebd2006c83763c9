package io.flowgate.flowjson;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NamesTest {

    @Test
    void editDistanceCountsAnAdjacentSwapAsOneEdit() {
        assertThat(Names.editDistance("slot", "slots")).isEqualTo(1);
        assertThat(Names.editDistance("titel", "title")).isEqualTo(1);
        assertThat(Names.editDistance("abc", "abc")).isZero();
        assertThat(Names.editDistance("", "abc")).isEqualTo(3);
    }

    @Test
    void aHintIsOfferedOnlyForLikelyTyposAndTiesGoToTheEarlierCandidate() {
        assertThat(Names.closest("nme", List.of("email", "name"))).contains("name");
        assertThat(Names.closest("dat", List.of("date", "data"))).contains("date");
        assertThat(Names.closest("x", List.of("y"))).as("one letter is no evidence of a typo").isEmpty();
        assertThat(Names.closest("phone", List.of("department", "location"))).isEmpty();
    }

    @Test
    void namesInMessagesArePrintableAndShort() {
        assertThat(Names.printable("SLOT\tS")).isEqualTo("SLOT?S");
        assertThat(Names.printable("k".repeat(100))).isEqualTo("k".repeat(64) + "...");
        assertThat(Pointer.of("routing_model", "a/b~", 3)).isEqualTo("/routing_model/a~1b~0/3");
    }
}
