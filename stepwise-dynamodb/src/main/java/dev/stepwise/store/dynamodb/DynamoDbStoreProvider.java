package dev.stepwise.store.dynamodb;

import dev.stepwise.store.StoreProvider;
import dev.stepwise.store.StoreProviders;
import dev.stepwise.store.VersionedStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;

/**
 * Opens a {@link DynamoDbStore} from
 * {@code dynamodb://TABLE[?region=REGION][&endpoint=http://HOST:PORT][&createTable=true|false][&timeoutMs=N]}.
 * Credentials and (when {@code region} is absent) the region come from the AWS SDK's default
 * chains (environment, system properties, profile, instance role). {@code timeoutMs} bounds each
 * API call including retries (default 10000).
 */
public final class DynamoDbStoreProvider implements StoreProvider {

    @Override
    public List<String> uriForms() {
        return List.of("dynamodb://TABLE[?region=REGION&endpoint=http://HOST:PORT&createTable=true|false&timeoutMs=N]");
    }

    @Override
    public boolean accepts(String uri) {
        return uri != null && uri.startsWith("dynamodb://");
    }

    @Override
    public VersionedStore open(String uri) {
        if (!accepts(uri)) {
            throw new IllegalArgumentException(
                    "not a DynamoDB URI: '" + StoreProviders.redact(String.valueOf(uri)) + "'");
        }
        String rest = uri.substring("dynamodb://".length());
        int q = rest.indexOf('?');
        String table = q < 0 ? rest : rest.substring(0, q);
        if (table.endsWith("/")) {
            table = table.substring(0, table.length() - 1);
        }
        if (table.isEmpty()) {
            throw new IllegalArgumentException(
                    "DynamoDB URI '" + StoreProviders.redact(uri) + "' names no table: use dynamodb://TABLE");
        }
        DynamoDbStore.Builder store;
        DynamoDbClientBuilder client = DynamoDbClient.builder();
        Duration timeout = Duration.ofSeconds(10);
        Boolean createTable = null;
        if (q >= 0) {
            for (String pair : rest.substring(q + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                switch (name) {
                    case "region" -> {
                        if (!value.matches("[a-z0-9-]+")) {
                            throw new IllegalArgumentException(
                                    "DynamoDB region '" + value + "' is not a region name like eu-west-1");
                        }
                        client.region(Region.of(value));
                    }
                    case "endpoint" -> client.endpointOverride(endpoint(value));
                    case "createTable" -> {
                        if (!value.equals("true") && !value.equals("false")) {
                            throw new IllegalArgumentException(
                                    "createTable must be true or false, was '" + value + "'");
                        }
                        createTable = Boolean.valueOf(value);
                    }
                    case "timeoutMs" -> {
                        try {
                            timeout = Duration.ofMillis(Long.parseLong(value));
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(
                                    "timeoutMs must be a number of milliseconds, was '" + value + "'", e);
                        }
                        if (timeout.isNegative() || timeout.isZero()) {
                            throw new IllegalArgumentException("timeoutMs must be positive, was " + value);
                        }
                    }
                    default ->
                        throw new IllegalArgumentException("unknown DynamoDB URI option '" + name
                                + "'; known: region, endpoint, createTable, timeoutMs");
                }
            }
        }
        Duration callTimeout = timeout;
        DynamoDbClient built;
        try {
            built = client.httpClientBuilder(ApacheHttpClient.builder()
                            .connectionTimeout(Duration.ofMillis(Math.min(callTimeout.toMillis(), 2000))))
                    .overrideConfiguration(c -> c.apiCallTimeout(callTimeout))
                    .build();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException(
                    "cannot configure a DynamoDB client for '" + StoreProviders.redact(uri)
                            + "' (add ?region=REGION, or set AWS_REGION): " + e.getMessage(),
                    e);
        }
        try {
            store = DynamoDbStore.builderOwning(built).table(table);
            if (createTable != null) {
                store.createTable(createTable);
            }
            return store.build();
        } catch (RuntimeException e) {
            built.close();
            throw e;
        }
    }

    private static URI endpoint(String value) {
        try {
            URI endpoint = new URI(value);
            if (endpoint.getScheme() == null
                    || !(endpoint.getScheme().equals("http")
                            || endpoint.getScheme().equals("https"))
                    || endpoint.getHost() == null) {
                throw new IllegalArgumentException(
                        "DynamoDB endpoint '" + value + "' must be an http(s)://HOST[:PORT] URL");
            }
            return endpoint;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("DynamoDB endpoint '" + value + "' is not a URL: " + e.getMessage(), e);
        }
    }
}
