package io.flowgate.flowjson;

import java.util.List;
import java.util.Objects;

/**
 * What checking one answer found.
 *
 * @param findings  the findings in the order found, at most {@value ResponseChecker#MAX_FINDINGS}
 * @param omitted   how many more there were
 * @param hasErrors whether any finding, kept or omitted, is an {@link Severity#ERROR}: the client would reject
 *                  the answer
 */
public record Verdict(List<Finding> findings, int omitted, boolean hasErrors) {

    static final Verdict CLEAN = new Verdict(List.of(), 0, false);

    public Verdict {
        findings = List.copyOf(findings);
        if (omitted < 0) {
            throw new IllegalArgumentException("omitted must not be negative");
        }
    }

    /** Nothing at all to report. */
    public boolean isClean() {
        return findings.isEmpty() && omitted == 0;
    }

    /** The kept findings of one severity. */
    public List<Finding> withSeverity(Severity severity) {
        Objects.requireNonNull(severity, "severity");
        return findings.stream().filter(finding -> finding.severity() == severity).toList();
    }
}
