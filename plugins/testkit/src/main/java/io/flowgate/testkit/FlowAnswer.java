package io.flowgate.testkit;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One answer of the plugin, as the WhatsApp client would decrypt it, with fluent assertions. Every
 * {@code assert...} method returns the answer so checks chain; a failed one throws {@link AssertionError}
 * naming the step and what was expected.
 *
 * @param step   what was asked, for messages: {@code data_exchange from screen "DETAILS"}
 * @param status the HTTP status the server would answer with: 200, or 427 once the token is dead
 * @param json   the answer: {@code {"screen", "data"}}, or {@code {"error_msg"}} with 427
 */
public record FlowAnswer(String step, int status, Map<String, Object> json) {

    public FlowAnswer {
        Objects.requireNonNull(step, "step");
        json = Map.copyOf(json);
    }

    /** The screen the client shows next; {@code SUCCESS} when the flow completes. */
    public String screen() {
        return json.get("screen") instanceof String screen ? screen : "";
    }

    /** The screen's data; for {@code SUCCESS}, {@code extension_message_response}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> data() {
        return json.get("data") instanceof Map<?, ?> data ? (Map<String, Object>) data : Map.of();
    }

    /** The snackbar text of {@code FlowResponse.screenWithError}, if any. */
    public Optional<String> errorMessage() {
        return Optional.ofNullable(data().get("error_message")).map(String::valueOf);
    }

    public boolean completed() {
        return "SUCCESS".equals(screen());
    }

    /** The completion params WhatsApp sends to the webhook (with {@code flow_token}); empty unless completed. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> completionParams() {
        if (!completed() || !(data().get("extension_message_response") instanceof Map<?, ?> response)
                || !(response.get("params") instanceof Map<?, ?> params)) {
            return Map.of();
        }
        return (Map<String, Object>) params;
    }

    /** The answer is screen {@code expected} (a 200 answer, not the completion). */
    public FlowAnswer assertScreen(String expected) {
        requireOk();
        if (!expected.equals(screen())) {
            throw fail("expected screen \"" + expected + "\" but the plugin answered \"" + screen() + "\"");
        }
        return this;
    }

    /** The screen's data has {@code key} with {@code expected} (compared after the JSON round trip). */
    public FlowAnswer assertData(String key, Object expected) {
        requireOk();
        if (!data().containsKey(key)) {
            throw fail("the data of screen \"" + screen() + "\" has no \"" + key + "\"; it has " + data().keySet());
        }
        if (!Objects.equals(data().get(key), expected)) {
            throw fail("\"" + key + "\" on screen \"" + screen() + "\" is " + data().get(key) + ", expected " + expected);
        }
        return this;
    }

    /** The answer carries {@code error_message} with this text. */
    public FlowAnswer assertErrorMessage(String expected) {
        requireOk();
        Optional<String> actual = errorMessage();
        if (actual.isEmpty()) {
            throw fail("expected error_message \"" + expected + "\" on screen \"" + screen() + "\" but there is none");
        }
        if (!actual.get().equals(expected)) {
            throw fail("expected error_message \"" + expected + "\" but it is \"" + actual.get() + "\"");
        }
        return this;
    }

    /** The answer carries no {@code error_message}. */
    public FlowAnswer assertNoErrorMessage() {
        requireOk();
        errorMessage().ifPresent(message -> {
            throw fail("expected no error_message on screen \"" + screen() + "\" but it is \"" + message + "\"");
        });
        return this;
    }

    /** The flow completed ({@code SUCCESS} with {@code params.flow_token}). */
    public FlowAnswer assertCompleted() {
        requireOk();
        if (!completed()) {
            throw fail("expected the flow to complete (SUCCESS) but the plugin answered screen \"" + screen() + "\"");
        }
        return this;
    }

    /** The flow completed with completion param {@code key} equal to {@code expected}. */
    public FlowAnswer assertParam(String key, Object expected) {
        assertCompleted();
        Map<String, Object> params = completionParams();
        if (!params.containsKey(key)) {
            throw fail("the completion params have no \"" + key + "\"; they have " + params.keySet());
        }
        if (!Objects.equals(params.get(key), expected)) {
            throw fail("completion param \"" + key + "\" is " + params.get(key) + ", expected " + expected);
        }
        return this;
    }

    /** The server refused the flow token (427), e.g. for a step after the flow completed. */
    public FlowAnswer assertTokenRejected() {
        if (status != 427) {
            throw fail("expected 427 (flow token rejected) but the status is " + status);
        }
        return this;
    }

    private void requireOk() {
        if (status != 200) {
            throw fail("the server answered " + status + " " + json);
        }
    }

    private AssertionError fail(String message) {
        return new AssertionError(step + ": " + message);
    }
}
