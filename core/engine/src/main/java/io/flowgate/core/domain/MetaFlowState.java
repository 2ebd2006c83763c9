package io.flowgate.core.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A flow as Meta holds it ({@code GET /{flow-id}}): its status (DRAFT, PUBLISHED, DEPRECATED, BLOCKED,
 * THROTTLED), the validation errors of its current Flow JSON, and whether messages can be sent.
 */
public record MetaFlowState(String id, String name, String status, List<FlowValidationError> validationErrors,
                            Optional<Health> health) {

    public MetaFlowState {
        name = Objects.requireNonNullElse(name, "");
        status = Objects.requireNonNullElse(status, "");
        validationErrors = List.copyOf(validationErrors);
        Objects.requireNonNull(health, "health");
    }

    /** {@code health_status}: AVAILABLE, LIMITED or BLOCKED overall, and the entities that decide it. */
    public record Health(String canSendMessage, List<Entity> entities) {
        public Health {
            canSendMessage = Objects.requireNonNullElse(canSendMessage, "");
            entities = List.copyOf(entities);
        }

        /** The entities (FLOW, WABA, BUSINESS, APP) that limit or block sending. */
        public List<Entity> blocking() {
            return entities.stream().filter(entity -> !entity.canSendMessage().equals("AVAILABLE")).toList();
        }
    }

    /** @param errors Meta's descriptions of what holds this entity back */
    public record Entity(String type, String id, String canSendMessage, List<String> errors) {
        public Entity {
            type = Objects.requireNonNullElse(type, "");
            id = Objects.requireNonNullElse(id, "");
            canSendMessage = Objects.requireNonNullElse(canSendMessage, "");
            errors = List.copyOf(errors);
        }
    }
}
