package io.flowgate.core.port.out;

import io.flowgate.core.domain.FlowId;
import io.flowgate.spi.FlowPlugin;

import java.util.Optional;

/**
 * The loaded flow plugins by flow id. The plugins handed out are already guarded by the loader (context
 * class loader set, linkage errors turned into exceptions), so core calls them like any object.
 */
public interface FlowPluginCatalog {

    Optional<FlowPlugin> find(FlowId flowId);
}
