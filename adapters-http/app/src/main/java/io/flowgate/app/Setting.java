package io.flowgate.app;

import java.util.Locale;

/**
 * Every setting Flowgate reads: its key in {@code application.yaml}, its default and what it does. The
 * environment variable of a setting is its key upper-cased with {@code .} and {@code -} turned into
 * {@code _} (README, "Configuration"); this enum is the one list both come from.
 */
public enum Setting {
    SERVER_HOST("server.host", "0.0.0.0", "Address of the public listener (the data endpoint and the webhook, reached"
            + " by Meta). Other Helidon server.* settings (tls, limits) apply to it too."),
    SERVER_PORT("server.port", "8080", "Port of the public listener; 0 picks a free one."),
    MANAGEMENT_HOST("flowgate.management.host", "127.0.0.1", "Address of the management listener (admin API,"
            + " observability, playground); keep it on loopback or a private network, never public."),
    MANAGEMENT_PORT("flowgate.management.port", "9090", "Port of the management listener; 0 picks a free one."),
    MANAGEMENT_MAX_CONNECTIONS("flowgate.management.max-connections", "100", "Open connections on the management"
            + " listener."),
    PRIVATE_KEY("flowgate.keys.private-key", "", "PEM file of the business RSA private key (PKCS#1 or PKCS#8,"
            + " plain or encrypted). Empty: a development key is created under the data dir."),
    PRIVATE_KEYS("flowgate.keys.private-keys", "", "Several private key files, comma-separated, newest first, during a"
            + " key rotation; replaces flowgate.keys.private-key."),
    PASSPHRASE("flowgate.keys.passphrase", "", "Passphrase of the encrypted private key(s)."),
    PASSPHRASE_FILE("flowgate.keys.passphrase-file", "", "A file holding the passphrase (instead of flowgate.keys.passphrase)."),
    PLUGINS_DIR("flowgate.plugins.dir", "plugins", "Folder of plugin jars (a jar, or a folder of jars, per plugin)."),
    PLUGINS_MAX_CONCURRENT_CALLS("flowgate.plugins.max-concurrent-calls", "64", "Calls one plugin may have running at"
            + " once; calls that hang hold theirs, and beyond it that flow answers 503 at once."),
    DATA_DIR("flowgate.data.dir", "data", "Folder for files the server keeps (the development key)."),
    CRYPTO_PROVIDER("flowgate.crypto.provider", "auto", "auto (native AWS-LC when it loads, else JDK), native or jdk."),
    CRYPTO_WORKERS("flowgate.crypto.workers", "0", "Threads decrypting requests; 0 means one per core."),
    CRYPTO_QUEUE_CAPACITY("flowgate.crypto.queue-capacity", "1024",
            "Requests that may wait for decryption; beyond it the answer is 503 at once."),
    HTTP_MAX_BODY("flowgate.http.max-body", "1048576", "Largest data-endpoint request body in bytes; larger ones get 413."),
    HTTP_READ_TIMEOUT("flowgate.http.read-timeout", "PT10S", "How long a client may take to send its headers, and its body."),
    HTTP_MAX_CONNECTIONS("flowgate.http.max-connections", "10000", "Open connections on the public listener; further"
            + " clients wait in the kernel's backlog."),
    HTTP_MAX_CONCURRENT_REQUESTS("flowgate.http.max-concurrent-requests", "500", "Requests the public listener"
            + " handles at once; beyond it the answer is 503."),
    HTTP_LISTENER_CHECK_INTERVAL("flowgate.http.listener-check-interval", "PT5S", "How often Flowgate checks that"
            + " both listeners still accept connections; serve exits 1 when one does not."),
    VALIDATION_MODE("flowgate.validation.mode", "auto", "What happens to an answer that breaks the flow's Flow JSON:"
            + " warn (sent, one WARNING line), enforce (not sent, HTTP 500, an ERROR line) or off; auto is enforce in"
            + " development mode and warn in production. Per flow: flowgate.flows.<flowId>.validation.mode."),
    REQUEST_DEADLINE("flowgate.request.deadline", "PT8S", "Time from a data-endpoint request's arrival to its answer,"
            + " for everything (decryption queue, store, plugin); then 503, or 500 when the plugin was running."
            + " Meta gives up after 10 s."),
    SHUTDOWN_GRACE("flowgate.shutdown.grace", "PT10S", "On SIGTERM the listeners stop accepting at once; requests in"
            + " flight may take this long to finish before they are cut off."),
    ADMIN_TOKEN("flowgate.admin.token", "", "Bearer token of the admin API (/api/... on the management listener), at"
            + " least 16 characters (openssl rand -hex 24); empty: the admin API is off."),
    ADMIN_TOKEN_FILE("flowgate.admin.token-file", "", "A file holding the admin token."),
    TOKENS_MODE("flowgate.tokens.mode", "strict", "strict: only tokens issued by the admin API; open: any token,"
            + " with a session created on first sight."),
    TOKENS_DEFAULT_TTL("flowgate.tokens.default-ttl", "PT24H", "Lifetime of an issued token when the request names none."),
    TOKENS_MAX_TTL("flowgate.tokens.max-ttl", "P30D", "The longest lifetime a token may be issued for."),
    TOKENS_ERROR_MESSAGE("flowgate.tokens.error-message",
            "This form is no longer available. Please ask us for a new one.",
            "What the user reads when a token is dead (HTTP 427); per flow: flowgate.flows.<flowId>.token-error-message."),
    SESSIONS_RETENTION("flowgate.sessions.retention", "P7D", "How long dead sessions are kept before they are purged."),
    SESSIONS_PURGE_INTERVAL("flowgate.sessions.purge-interval", "PT10M", "How often dead sessions are purged."),
    STORAGE_TYPE("flowgate.storage.type", "embedded", "memory, embedded (SQLite file under the data dir) or postgres."),
    STORAGE_EMBEDDED_FILE("flowgate.storage.embedded.file", "flowgate.db", "The embedded database file, under the data dir."),
    STORAGE_EMBEDDED_BUSY_TIMEOUT("flowgate.storage.embedded.busy-timeout", "PT5S", "How long a SQLite writer waits"
            + " for another connection's lock."),
    STORAGE_EMBEDDED_CONNECTION_TIMEOUT("flowgate.storage.embedded.connection-timeout", "PT5S", "Longest wait for a"
            + " free pooled SQLite connection."),
    STORAGE_POSTGRES_URL("flowgate.storage.postgres.url", "", "jdbc:postgresql://host:5432/database"),
    STORAGE_POSTGRES_USER("flowgate.storage.postgres.user", "", "PostgreSQL user."),
    STORAGE_POSTGRES_PASSWORD("flowgate.storage.postgres.password", "", "PostgreSQL password."),
    STORAGE_POSTGRES_POOL_SIZE("flowgate.storage.postgres.pool-size", "10", "Connections per instance."),
    STORAGE_POSTGRES_CONNECTION_TIMEOUT("flowgate.storage.postgres.connection-timeout", "PT5S", "Longest wait for a"
            + " free pooled connection; also bounds logging in."),
    STORAGE_POSTGRES_CONNECT_TIMEOUT("flowgate.storage.postgres.connect-timeout", "PT2S", "Opening a TCP connection"
            + " to PostgreSQL (whole seconds)."),
    STORAGE_POSTGRES_SOCKET_TIMEOUT("flowgate.storage.postgres.socket-timeout", "PT5S", "Longest wait for an answer"
            + " in calls without a request deadline (admin API, webhook, purge, migrations); the server cancels a"
            + " statement 50 ms before it (statement_timeout)."),
    MEDIA_MAX_BYTES("flowgate.media.max-bytes", "26214400", "Largest file a user may upload, in bytes (the decrypted"
            + " file; Meta's limit is 25 MiB). The CDN's encrypted copy may be up to 26 bytes longer."),
    MEDIA_ALLOWED_HOSTS("flowgate.media.allowed-hosts", "mmg.whatsapp.net,*.whatsapp.net",
            "Hosts uploads may be downloaded from, comma-separated; *.suffix matches subdomains."),
    MEDIA_INSECURE_HOSTS("flowgate.media.insecure-hosts", "", "Allowed hosts that may be reached over plain http (tests)."),
    MEDIA_TIMEOUT("flowgate.media.timeout", "PT30S", "Connect and total time for one download."),
    MEDIA_MAX_CONCURRENT_DOWNLOADS("flowgate.media.max-concurrent-downloads", "8", "Media downloads running at once;"
            + " beyond it the plugin gets MediaException BUSY at once."),
    MEDIA_MAX_TEMP_BYTES("flowgate.media.max-temp-bytes", "0", "Temporary disk that decrypted files not yet stored"
            + " may use (the encrypted download is never spooled); each download reserves max-bytes + 26 first. 0:"
            + " enough for every concurrent download at full size."),
    MEDIA_DIR("flowgate.media.dir", "", "Where FlowMedia.store() keeps uploads; empty: media/ under the data dir."),
    WEBHOOK_DELIVERY_TIMEOUT("flowgate.webhook.delivery.timeout", "PT10S", "How long one onCompletion call may"
            + " take; then it is interrupted and counts as a failed attempt."),
    WEBHOOK_DELIVERY_MAX_ATTEMPTS("flowgate.webhook.delivery.max-attempts", "10", "Attempts before a completion is"
            + " kept as failed (GET /api/completions?state=failed; POST /api/completions/{messageId}/retry)."),
    WEBHOOK_DELIVERY_CONCURRENCY("flowgate.webhook.delivery.concurrency", "4", "onCompletion calls in flight per"
            + " instance, hung ones included; nothing more is claimed while all are taken."),
    WEBHOOK_DELIVERY_FIRST_RETRY_DELAY("flowgate.webhook.delivery.first-retry-delay", "PT30S", "Wait after the first"
            + " failed attempt; it doubles after each further one."),
    WEBHOOK_DELIVERY_MAX_RETRY_DELAY("flowgate.webhook.delivery.max-retry-delay", "PT1H", "The longest wait between"
            + " two attempts."),
    WEBHOOK_VERIFY_TOKEN("flowgate.webhook.verify-token", "", "The verify token you enter in Meta's webhook setup."),
    APP_SECRET("flowgate.app-secret", "", "The Meta app's secret: data-endpoint requests and webhook deliveries must"
            + " carry its X-Hub-Signature-256."),
    APP_SECRET_FILE("flowgate.app-secret-file", "", "A file holding the app secret."),
    APP_SECRETS("flowgate.app-secrets", "", "Several app secrets, comma-separated, newest first, during a secret"
            + " rotation; replaces flowgate.app-secret."),
    ALLOW_UNSIGNED("flowgate.security.allow-unsigned", "false", "true lets a server with a configured key (production)"
            + " start without an app secret, accepting unsigned requests; a warning is logged at every start."),
    LOG_FORMAT("flowgate.log.format", "text", "text: one line per log record; json: one JSON object per line (time,"
            + " level, logger, message, and each request line's fields as keys), for log shippers."),
    PLAYGROUND_ENABLED("flowgate.playground.enabled", "auto", "The playground at /playground on the management"
            + " listener (never the public one): true, false, or auto (on in development mode, off in production)."),
    SESSIONS_ABANDON_AFTER("flowgate.sessions.abandon-after", "PT1H", "A session not completed with no step for this"
            + " long counts as abandoned at its current screen (funnel, onAbandoned); a later step revives it."),
    SESSIONS_ABANDON_SCAN_INTERVAL("flowgate.sessions.abandon-scan-interval", "PT1M", "How often each instance"
            + " looks for newly abandoned sessions and due onAbandoned retries."),
    SESSIONS_ABANDON_HOOK_MAX_ATTEMPTS("flowgate.sessions.abandon-hook.max-attempts", "5", "onAbandoned calls"
            + " before an abandonment is kept as failed (GET /api/sessions/{flowToken} shows it)."),
    SESSIONS_ABANDON_HOOK_TIMEOUT("flowgate.sessions.abandon-hook.timeout", "PT10S", "How long one onAbandoned"
            + " call may take; then it is interrupted and counts as a failed attempt."),
    SESSIONS_ABANDON_HOOK_FIRST_RETRY_DELAY("flowgate.sessions.abandon-hook.first-retry-delay", "PT1M", "Wait after"
            + " the first failed onAbandoned call; it doubles after each further one, up to an hour."),
    META_GRAPH_URL("flowgate.meta.graph-url", "https://graph.facebook.com/v23.0", "Meta's Graph API with a pinned"
            + " version; the access token is sent to this address only."),
    META_ACCESS_TOKEN("flowgate.meta.access-token", "", "A system-user access token with whatsapp_business_messaging"
            + " and whatsapp_business_management (keys, send, flows commands; POST /api/flows/{flowId}/send); empty:"
            + " Meta is not configured. Never logged or printed."),
    META_ACCESS_TOKEN_FILE("flowgate.meta.access-token-file", "", "A file holding the access token."),
    META_PHONE_NUMBER_ID("flowgate.meta.phone-number-id", "", "The business phone number id(s), comma-separated; flow"
            + " messages go out from the first, keys are uploaded and checked for each."),
    META_WABA_ID("flowgate.meta.waba-id", "", "The WhatsApp Business Account id new flows are created in (flows"
            + " deploy without --meta-flow-id). A flow's id at Meta: flowgate.flows.<flowId>.meta-flow-id."),
    META_TIMEOUT("flowgate.meta.timeout", "PT10S", "Connect and answer time of one Graph API call."),
    META_RETRY_MAX_ATTEMPTS("flowgate.meta.retry.max-attempts", "3", "Attempts of a Graph API call Meta answers with"
            + " 429 or 5xx, the first included (never for creating a flow)."),
    META_RETRY_FIRST_DELAY("flowgate.meta.retry.first-delay", "PT1S", "Wait before the second attempt; it doubles"
            + " after each further one (at most 10 s; Meta's Retry-After wins).");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(String key, String defaultValue, String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** {@code flowgate.keys.private-key} is read from {@code FLOWGATE_KEYS_PRIVATE_KEY}. */
    public String environmentVariable() {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
