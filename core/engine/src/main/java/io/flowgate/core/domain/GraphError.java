package io.flowgate.core.domain;

import java.util.Objects;

/**
 * An error answer of Meta's Graph API ({@code {"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}}),
 * with the HTTP status it came with. Meta's message names the parameter or the limit; it never holds the
 * access token, so it may be shown to the operator.
 *
 * @param code      Meta's error code (190 access token, 100 parameter, 131047 outside the 24-hour window, ...);
 *                  0 when the answer had none
 * @param fbtraceId what Meta's support asks for; empty when absent
 */
public record GraphError(int httpStatus, long code, long subcode, String type, String message, String fbtraceId) {

    public static final long ACCESS_TOKEN = 190;
    public static final long PARAMETER = 100;
    public static final long OUTSIDE_CUSTOMER_WINDOW = 131047;
    public static final long FLOW_BLOCKED = 132068;
    public static final long FLOW_THROTTLED = 132069;

    public GraphError {
        type = Objects.requireNonNullElse(type, "");
        message = Objects.requireNonNullElse(message, "");
        fbtraceId = Objects.requireNonNullElse(fbtraceId, "");
    }

    /** Meta asks to try again later on 429 and on its own failures; everything else would fail the same way. */
    public boolean retryable() {
        return httpStatus == 429 || httpStatus >= 500;
    }

    /** What the operator can do about it, in one sentence. */
    public String advice() {
        if (code == ACCESS_TOKEN) {
            return "Meta refused the access token (flowgate.meta.access-token): it expired, was revoked or lacks the"
                    + " whatsapp_business_messaging / whatsapp_business_management permission; create a new system-user"
                    + " token";
        }
        if (code == OUTSIDE_CUSTOMER_WINDOW) {
            return "the user has not written to you in the last 24 hours, so an interactive message cannot reach them:"
                    + " send an approved template with a flow button instead (\"template\": {\"name\", \"language\"})";
        }
        if (code == FLOW_BLOCKED) {
            return "Meta has blocked this flow: no message can be sent until its health recovers (./flowgate flows"
                    + " status shows which entity blocks it)";
        }
        if (code == FLOW_THROTTLED) {
            return "Meta throttles this flow to 10 new flow messages per hour: wait, and check ./flowgate flows status";
        }
        if (code == PARAMETER) {
            return "Meta refused a parameter of the call: check the Meta flow id, the phone number id and the"
                    + " recipient against the message below";
        }
        if (httpStatus == 429) {
            return "Meta's rate limit was hit: try again later";
        }
        if (httpStatus >= 500) {
            return "Meta's Graph API failed on its side: try again later";
        }
        return "Meta refused the call";
    }

    /** Meta's message on one line and bounded: it ends up in answers, terminals and log lines. */
    private static String printable(String text) {
        String cut = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", " ");
    }

    /** Meta's own words, for the operator and for Meta's support. */
    public String describe() {
        return "Meta error " + code + (subcode != 0 ? " (subcode " + subcode + ")" : "") + ", HTTP " + httpStatus
                + ": " + printable(message)
                + (fbtraceId.isEmpty() ? "" : " (fbtrace_id " + fbtraceId + ")");
    }
}
