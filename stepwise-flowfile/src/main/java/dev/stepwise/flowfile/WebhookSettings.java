package dev.stepwise.flowfile;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What webhook actions of flow files may do. No host is allowed by default: a flow file can only
 * call the hosts the operator lists, so a file cannot make the server reach an arbitrary address.
 *
 * @param allowedHosts host names (exact, case-insensitive) webhooks may call; {@code *} allows any
 * @param maxTimeout   the longest per-attempt timeout a file may ask for
 * @param maxRetries   the most retries a file may ask for
 * @param maxResponseBytes the largest response body read
 */
public record WebhookSettings(Set<String> allowedHosts, Duration maxTimeout, int maxRetries, int maxResponseBytes) {

    public WebhookSettings {
        allowedHosts =
                allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** No host allowed; 30 s timeout, 3 retries, 1 MiB responses at most. */
    public static WebhookSettings none() {
        return new WebhookSettings(Set.of(), Duration.ofSeconds(30), 3, 1 << 20);
    }

    /** These limits, with {@code hosts} allowed. */
    public WebhookSettings allowing(String... hosts) {
        return new WebhookSettings(Set.of(hosts), maxTimeout, maxRetries, maxResponseBytes);
    }

    boolean allows(String host) {
        return host != null && (allowedHosts.contains("*") || allowedHosts.contains(host.toLowerCase(Locale.ROOT)));
    }
}
