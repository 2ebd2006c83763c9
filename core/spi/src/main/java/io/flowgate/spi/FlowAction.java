package io.flowgate.spi;

/** Why WhatsApp called the endpoint for a flow. */
public enum FlowAction {
    /** The flow was opened from a message sent with {@code flow_action: "data_exchange"}. */
    INIT("INIT"),
    /** Back was pressed on a screen with {@code refresh_on_back: true}; the screen is the one being left. */
    BACK("BACK"),
    /** A screen was submitted, or a component's {@code on-select-action} fired. */
    DATA_EXCHANGE("data_exchange");

    private final String wireName;

    FlowAction(String wireName) {
        this.wireName = wireName;
    }

    /** The exact (case-sensitive) value of the {@code action} field on the wire. */
    public String wireName() {
        return wireName;
    }
}
