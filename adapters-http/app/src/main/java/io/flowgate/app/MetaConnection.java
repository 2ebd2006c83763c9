package io.flowgate.app;

import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.core.service.BusinessKeyService;
import io.flowgate.core.service.FlowDeployService;
import io.flowgate.crypto.DevelopmentKeyStore;
import io.flowgate.crypto.PemKeyFingerprints;
import io.flowgate.crypto.PemPrivateKeyReader;
import io.flowgate.crypto.PrivateKeyLoadException;
import io.flowgate.crypto.PublicKeys;
import io.flowgate.graph.GraphApi;
import io.flowgate.graph.GraphBusinessKeys;
import io.flowgate.graph.GraphFlowMessages;
import io.flowgate.graph.GraphMetaFlows;

import java.io.IOException;
import java.util.Optional;

/** Meta's Graph API as the settings describe it, and the use cases built on it, for the server and the commands. */
final class MetaConnection {

    private final FlowgateSettings.Meta settings;
    private final GraphApi graph;

    MetaConnection(FlowgateSettings.Meta settings) {
        this.settings = settings;
        this.graph = new GraphApi(settings.graphUrl(), settings.accessToken(), settings.timeout(),
                new GraphApi.Retry(settings.maxAttempts(), settings.firstRetryDelay()));
    }

    /** The commands need an access token; the message names the settings to set. */
    static MetaConnection require(FlowgateSettings settings) {
        if (!settings.meta().configured()) {
            throw new IllegalArgumentException("Meta is not configured: set " + Setting.META_ACCESS_TOKEN.key() + " ("
                    + Setting.META_ACCESS_TOKEN.environmentVariable() + ") or " + Setting.META_ACCESS_TOKEN_FILE.key()
                    + " to a system-user access token");
        }
        return new MetaConnection(settings.meta());
    }

    BusinessKeyService keys() {
        return new BusinessKeyService(new GraphBusinessKeys(graph), new PemKeyFingerprints());
    }

    GraphFlowMessages messages() {
        return new GraphFlowMessages(graph);
    }

    FlowDeployService flows(JsonCodec json) {
        return new FlowDeployService(new GraphMetaFlows(graph), json,
                settings.wabaId().isEmpty() ? Optional.empty() : Optional.of(settings.wabaId()));
    }

    /** The public half of the key this server decrypts with (the newest configured key, or the development key). */
    static String ourPublicKeyPem(FlowgateSettings settings) throws PrivateKeyLoadException, IOException {
        var keys = settings.keys();
        if (keys.production()) {
            return PublicKeys.toPem(PublicKeys.of(PemPrivateKeyReader.read(keys.privateKeys().getFirst(),
                    keys.passphrase().isEmpty() ? null : keys.passphrase().toCharArray())));
        }
        return PublicKeys.toPem(PublicKeys.of(DevelopmentKeyStore.loadOrCreate(settings.directories().data()).privateKey()));
    }

    @Override
    public String toString() {
        return "MetaConnection[" + settings + "]";
    }
}
