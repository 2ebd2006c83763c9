package io.flowgate.spi;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorNotificationTest {

    private final ErrorNotification notification = ErrorNotification.builder().screen("DETAILS")
            .errorKey("payload-schema-error").errorMessage("email 'ada@example.com' is not a number")
            .flowToken("secret-token-123").build();

    @Test
    void toStringShowsScreenAndKeyButNeitherTheClientsMessageNorTheToken() {
        assertThat(notification.toString())
                .contains("DETAILS", "payload-schema-error")
                .doesNotContain("ada@example.com", "secret-token-123");
    }

    @Test
    void equalityIsByValueAndWhatIsNotGivenIsEmpty() {
        var same = ErrorNotification.builder().screen("DETAILS").errorKey("payload-schema-error")
                .errorMessage("email 'ada@example.com' is not a number").flowToken("secret-token-123").build();
        var empty = ErrorNotification.builder().screen(null).build();

        assertThat(notification).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(empty);
        assertThat(empty.screen()).isEmpty();
        assertThat(empty.errorKey()).isEmpty();
        assertThat(empty.errorMessage()).isEmpty();
        assertThat(empty.flowToken()).isEmpty();
    }
}
