package io.flowgate.flowjson;

import java.util.Optional;

/**
 * The stable codes of every finding. Compile codes describe the Flow JSON; check codes describe one answer of
 * the endpoint. Check codes follow the names proposed in the project's Flow JSON research (ENVELOPE_, ROUTE_,
 * DATA_, SUCCESS_), so logs, metrics and documentation share one vocabulary.
 */
public enum Code {

    // ---- Compiling a Flow JSON: errors (the flow cannot be served) ----

    /** {@code screens} is missing, not an array, or empty. */
    SCREENS_MISSING,
    /** An entry of {@code screens} is not an object. */
    SCREEN_INVALID,
    /** A screen's {@code id} is missing or not a non-empty string. */
    SCREEN_ID_INVALID,
    /** Two screens share an id. */
    SCREEN_ID_DUPLICATE,
    /** A screen is named {@code SUCCESS}, which WhatsApp reserves for completing the flow. */
    SCREEN_ID_RESERVED,
    /** {@code routing_model} is not an object whose values are arrays of strings. */
    ROUTING_MODEL_INVALID,
    /** {@code routing_model} names a screen that {@code screens} does not define. */
    ROUTING_MODEL_UNKNOWN_SCREEN,
    /** A data model, a field declaration, its {@code properties} or its {@code items} has the wrong JSON shape. */
    DATA_MODEL_INVALID,
    /** A data field has no {@code type}, a non-string one, or one outside string/number/boolean/object/array. */
    DATA_TYPE_INVALID,
    /** A field of type {@code array} has no {@code items}. */
    DATA_ITEMS_MISSING,

    // ---- Compiling a Flow JSON: lint warnings ----

    /** {@code version} is missing, malformed, or older than Meta still publishes. */
    VERSION_UNSUPPORTED,
    /** {@code data_api_version} is missing (the flow then has no endpoint) or not 3.0/4.0. */
    DATA_API_VERSION_UNSUPPORTED,
    /** No {@code routing_model}: it is derived from {@code navigate} actions, as the client does. */
    ROUTING_MODEL_MISSING,
    /** Every screen has an inbound edge, so no answer to INIT can pass the client's check. */
    NO_ENTRY_SCREEN,
    /** The routing model has a cycle (including a screen routed to itself); Meta refuses loops at publish. */
    ROUTING_LOOP,
    /** A screen has more than 10 outgoing edges; Meta refuses that at publish. */
    ROUTING_TOO_MANY_BRANCHES,
    /** A {@code navigate} action names a screen that does not exist. */
    NAVIGATE_UNKNOWN_SCREEN,
    /** A {@code navigate} action goes to a screen the routing model has no edge to. */
    NAVIGATE_NOT_ROUTED,
    /** A top-level data field has no {@code __example__} (Meta requires one). */
    EXAMPLE_MISSING,
    /** An {@code __example__} does not match the field's type. */
    EXAMPLE_MISMATCH,
    /** An {@code __example__} below the top level of a data model; Meta allows it at the top level only. */
    EXAMPLE_NOT_TOP_LEVEL,
    /** A type Meta does not document ({@code integer}); checked with JSON Schema's meaning. */
    TYPE_UNDOCUMENTED,
    /** {@code ${data.x}} or {@code ${screen.S.data.x}} refers to a field the model does not declare. */
    REFERENCE_UNDECLARED,
    /** {@code ${screen.S.data.x}} names a screen that does not exist. */
    REFERENCE_UNKNOWN_SCREEN,
    /** A key Flowgate does not know at this place; it is not checked (the client may still enforce it). */
    UNKNOWN_KEYWORD,

    // ---- Checking one answer ----

    /** The answer has no {@code screen}, or it is not a non-empty string. */
    ENVELOPE_SCREEN,
    /** The answer has no {@code data}, or it is not an object. */
    ENVELOPE_DATA,
    /** {@code data.error_message} is not a string. */
    ENVELOPE_ERROR_MESSAGE,
    /** The answer names a screen the Flow JSON does not define. */
    ROUTE_UNKNOWN_SCREEN,
    /** The request came from a screen the Flow JSON does not define (is it the published Flow JSON?). */
    ROUTE_UNKNOWN_SOURCE,
    /** INIT was answered with a screen that has an inbound edge. */
    ROUTE_INIT_NOT_ENTRY,
    /** The transition is neither a refresh, a forward edge, nor back along an edge. */
    ROUTE_NOT_ALLOWED,
    /** BACK was answered with a screen other than one with an edge into the screen being left. */
    ROUTE_BACK_UNUSUAL,
    /** A value has the wrong type. */
    DATA_TYPE,
    /** A value is {@code null}, which Flows never accept. */
    DATA_NULL,
    /** A declared top-level key is missing. */
    DATA_MISSING,
    /** A key the screen's data model does not declare. */
    DATA_UNDECLARED,
    /** Data the target cannot use: keys for a screen that declares no data, or keys beside SUCCESS's params. */
    DATA_NOT_EXPECTED,
    /** The data nests deeper than the checker follows (64 levels). */
    DATA_TOO_DEEP,
    /** {@code data.extension_message_response} on a screen other than SUCCESS, where the client ignores it. */
    EMR_IGNORED,
    /** SUCCESS without {@code data.extension_message_response.params}: no completion message would be sent. */
    SUCCESS_NO_PARAMS,
    /** SUCCESS whose {@code params.flow_token} is missing or not the request's flow token. */
    SUCCESS_TOKEN;

    /**
     * The error key the WhatsApp client reports to the endpoint (in an error notification) when an answer has
     * this problem, when one is known.
     */
    public Optional<String> clientErrorKey() {
        return switch (this) {
            case ROUTE_UNKNOWN_SCREEN, ROUTE_INIT_NOT_ENTRY, ROUTE_NOT_ALLOWED -> Optional.of("invalid-screen-transition");
            case DATA_TYPE, DATA_NULL, DATA_MISSING -> Optional.of("payload-schema-error");
            default -> Optional.empty();
        };
    }
}
