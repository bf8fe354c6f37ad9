package org.xwebpreferences.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests counted by protocol, operation and outcome, and timed per
 * protocol and operation twice: as a histogram (xweb_request_duration_seconds,
 * for quantiles over many nodes with histogram_quantile) and as ready-made
 * p50/p95/p99 of this node (xweb_request_latency_seconds{quantile}). SOAP
 * calls are told apart by operation, not lumped under their one URL.
 */
public final class RequestMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> histograms = new ConcurrentHashMap<>();
    private final Map<String, Timer> quantiles = new ConcurrentHashMap<>();

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String protocol, String operation, Outcome outcome, Duration duration) {
        counters.computeIfAbsent(protocol + '|' + operation + '|' + outcome, key -> Counter.builder("xweb.requests")
                .description("Requests served, by protocol, operation and outcome")
                .tags("protocol", protocol, "operation", operation, "outcome", outcome.label())
                .register(registry)).increment();
        String key = protocol + '|' + operation;
        histograms.computeIfAbsent(key, k -> Timer.builder("xweb.request.duration")
                .description("Time from the request's arrival to the end of its answer")
                .tags("protocol", protocol, "operation", operation)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry)).record(duration);
        quantiles.computeIfAbsent(key, k -> Timer.builder("xweb.request.latency")
                .description("p50, p95 and p99 of the request duration on this node, over the last minutes")
                .tags("protocol", protocol, "operation", operation)
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(registry)).record(duration);
    }
}
