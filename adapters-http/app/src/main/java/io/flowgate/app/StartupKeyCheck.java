package io.flowgate.app;

import io.flowgate.core.domain.GraphCallException;
import io.flowgate.core.port.in.ManageBusinessKeys;

import java.lang.System.Logger.Level;

/**
 * On {@code serve} with Meta configured: {@code keys check} once, in the background, a WARNING for each number
 * whose key at Meta would cause 421 loops. It never delays or stops startup: Meta may be slow or unreachable,
 * and the endpoint must answer meanwhile.
 */
final class StartupKeyCheck {

    private static final System.Logger LOG = System.getLogger(StartupKeyCheck.class.getName());

    private StartupKeyCheck() {
    }

    /** Returns the thread running the check, or null when Meta or the phone numbers are not configured. */
    static Thread start(FlowgateSettings settings, String ourPublicKeyPem) {
        var meta = settings.meta();
        if (!meta.configured() || meta.phoneNumberIds().isEmpty()) {
            return null;
        }
        ManageBusinessKeys keys = new MetaConnection(meta).keys();
        return Thread.ofVirtual().name("flowgate-key-check").start(() -> {
            for (String id : meta.phoneNumberIds()) {
                try {
                    var check = keys.check(id, ourPublicKeyPem);
                    if (check.ok()) {
                        LOG.log(Level.INFO, "key check: {0}", check.explanation());
                    } else {
                        LOG.log(Level.WARNING, "key check: {0} (this server: {1}, Meta: {2}, signature status: {3})",
                                check.explanation(), check.ourFingerprint(), check.metaFingerprint().orElse("none"),
                                check.signatureStatus().isEmpty() ? "none" : check.signatureStatus());
                    }
                } catch (GraphCallException | RuntimeException e) {
                    LOG.log(Level.WARNING, "key check: could not check the key Meta serves for phone number {0}: {1}",
                            id, e.getMessage());
                }
            }
        });
    }
}
