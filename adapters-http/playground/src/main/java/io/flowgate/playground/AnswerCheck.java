package io.flowgate.playground;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one decrypted answer against its flow's Flow JSON the way the server does before it sends one, so
 * the side panel can show the findings of each step.
 */
@FunctionalInterface
public interface AnswerCheck {

    /** One finding: a stable code, ERROR/WARNING/INFO, a JSON pointer into the answer, and what is wrong. */
    record StepFinding(String code, String severity, String path, String message) {
    }

    /**
     * @param action    the request's action as on the wire ({@code INIT}, {@code BACK}, {@code data_exchange})
     * @param screen    the screen the request came from (empty for INIT)
     * @param answer    the decrypted answer, {@code {"screen": ..., "data": ...}}
     * @return empty when the flow's answers are not checked (no Flow JSON, or validation off)
     * @throws IllegalArgumentException when {@code action} is not one of the three
     */
    Optional<List<StepFinding>> check(String flowId, String action, String screen, String flowToken,
                                      Map<String, Object> answer);
}
