package io.flowgate.flowjson;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the findings of one check, keeping at most a fixed number (an answer with thousands of bad items
 * should not produce thousands of log lines) while still knowing whether any error was found. Allocates
 * nothing until the first finding.
 */
final class FindingCollector {

    private final int limit;
    private List<Finding> findings;
    private int omitted;
    private boolean hasErrors;

    FindingCollector(int limit) {
        this.limit = limit;
    }

    void add(Code code, Severity severity, String path, String message) {
        hasErrors |= severity == Severity.ERROR;
        if (findings == null) {
            findings = new ArrayList<>(4);
        }
        if (findings.size() < limit) {
            findings.add(new Finding(code, severity, path, message));
        } else {
            omitted++;
        }
    }

    /** Whether further findings would only be counted; callers may skip building their messages. */
    boolean isFull() {
        return findings != null && findings.size() >= limit;
    }

    /** Counts a finding without building it, when {@link #isFull()}. */
    void omit(Severity severity) {
        hasErrors |= severity == Severity.ERROR;
        omitted++;
    }

    Verdict verdict() {
        return findings == null ? Verdict.CLEAN : new Verdict(findings, omitted, hasErrors);
    }
}
