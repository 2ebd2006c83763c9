package io.flowgate.observe;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Objects;

/**
 * {@code GET /observe/metrics}: every meter in Prometheus's text format (version 0.0.4), which every
 * Prometheus, Grafana Agent and OpenTelemetry collector scrapes. On the management listener only, like the
 * rest of {@code /observe}: it names flows and counts, nothing secret, and needs no token so that a scraper
 * configured for a plain target works.
 */
public final class MetricsRoutes implements HttpService {

    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    public MetricsRoutes(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (request, response) -> {
            response.header(HeaderNames.CONTENT_TYPE, CONTENT_TYPE);
            response.send(registry.scrape());
        });
    }
}
